using TorchSharp;
using static TorchSharp.torch;

namespace Course.Training;

/// <summary>
/// Code the <see cref="Trainer"/> runs at fixed points of every step and epoch: probes, schedules, early stopping.
/// Override the points you need; call <see cref="TrainingContext.Stop"/> to end training. A step's tensors
/// (<see cref="TrainingContext.Output"/>, the batch) are freed when the step ends: copy what must stay.
/// </summary>
public abstract class TrainingCallback
{
    /// <summary>Once, when training starts, before the first step (attach probes here).</summary>
    public virtual void BeforeTraining(TrainingContext context) { }

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

    /// <summary>A callback from a lambda, run after each backward pass (gradients ready, before the step).</summary>
    public static TrainingCallback OnBackward(Action<TrainingContext> action) => new Lambda(afterBackward: action);

    private sealed class Lambda(Action<TrainingContext>? afterStep = null, Action<TrainingContext>? afterEpoch = null,
        Action<TrainingContext>? afterBackward = null) : TrainingCallback
    {
        public override void AfterStep(TrainingContext context) => afterStep?.Invoke(context);
        public override void AfterEpoch(TrainingContext context) => afterEpoch?.Invoke(context);
        public override void AfterBackward(TrainingContext context) => afterBackward?.Invoke(context);
    }
}

/// <summary>The state of a run that callbacks see; one object per run, updated in place.</summary>
public sealed class TrainingContext
{
    internal TrainingContext(nn.Module<Tensor, Tensor> model, nn.Module<Tensor, Tensor, Tensor> loss, optim.Optimizer optimizer, History history)
    {
        Model = model;
        Loss = loss;
        Optimizer = optimizer;
        History = history;
    }

    public nn.Module<Tensor, Tensor> Model { get; }
    public nn.Module<Tensor, Tensor, Tensor> Loss { get; }
    public optim.Optimizer Optimizer { get; }
    public History History { get; }

    /// <summary>The current epoch, counting from 1.</summary>
    public int Epoch { get; internal set; }

    /// <summary>Steps taken so far in the whole run, counting from 1 during the first step.</summary>
    public int Step { get; internal set; }

    /// <summary>The current batch's inputs and labels (freed when the step ends).</summary>
    public Tensor? Features { get; internal set; }
    public Tensor? Labels { get; internal set; }

    /// <summary>The model's output on the current batch (freed when the step ends).</summary>
    public Tensor? Output { get; internal set; }

    /// <summary>The loss of the current batch, without any penalty.</summary>
    public double StepLoss { get; internal set; }

    /// <summary>The global gradient norm of the current step, before clipping.</summary>
    public double GradNorm { get; internal set; }

    public bool StopRequested => StopReason is not null;
    public string? StopReason { get; private set; }

    /// <summary>Ends training after the current step or epoch; the reason lands in <see cref="History.StopReason"/>.</summary>
    public void Stop(string reason) => StopReason ??= reason;
}
