namespace Course.Training;

/// <summary>
/// Code the <see cref="Trainer"/> runs at fixed points of every step and epoch: probes, schedules, early stopping.
/// Override the points you need; call <see cref="TrainingContext.Stop"/> to end training.
/// </summary>
public abstract class TrainingCallback
{
    /// <summary>After the backward pass, before the optimizer step: gradients are ready, weights unchanged.</summary>
    public virtual void AfterBackward(TrainingContext context) { }

    /// <summary>After the optimizer step.</summary>
    public virtual void AfterStep(TrainingContext context) { }

    /// <summary>After an epoch's training and validation numbers are in the history.</summary>
    public virtual void AfterEpoch(TrainingContext context) { }

    /// <summary>Once, when training ends (normally or stopped).</summary>
    public virtual void AfterTraining(TrainingContext context) { }

    /// <summary>A callback from a lambda, run after each optimizer step.</summary>
    public static TrainingCallback OnStep(Action<TrainingContext> action) => new Lambda(afterStep: action);

    /// <summary>A callback from a lambda, run after each epoch.</summary>
    public static TrainingCallback OnEpoch(Action<TrainingContext> action) => new Lambda(afterEpoch: action);

    private sealed class Lambda(Action<TrainingContext>? afterStep = null, Action<TrainingContext>? afterEpoch = null) : TrainingCallback
    {
        public override void AfterStep(TrainingContext context) => afterStep?.Invoke(context);
        public override void AfterEpoch(TrainingContext context) => afterEpoch?.Invoke(context);
    }
}
