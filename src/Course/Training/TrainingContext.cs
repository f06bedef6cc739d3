using Course.Data;
using Course.Losses;
using Course.Nn;
using Course.Optim;
using Course.Tensors;

namespace Course.Training;

/// <summary>The state of a run that callbacks see. One object per run, updated in place (no allocation per step).</summary>
public sealed class TrainingContext
{
    internal TrainingContext(Module model, Loss loss, Optimizer optimizer, History history)
    {
        Model = model;
        Loss = loss;
        Optimizer = optimizer;
        History = history;
    }

    public Module Model { get; }
    public Loss Loss { get; }
    public Optimizer Optimizer { get; }
    public History History { get; }

    /// <summary>The current epoch, counting from 1.</summary>
    public int Epoch { get; internal set; }

    /// <summary>Steps taken so far in the whole run, counting from 1 during the first step.</summary>
    public int Step { get; internal set; }

    /// <summary>The current batch (a reused buffer).</summary>
    public Batch Batch { get; internal set; }

    /// <summary>The model's output on the current batch (a reused buffer).</summary>
    public Matrix? Output { get; internal set; }

    /// <summary>The loss of the current batch.</summary>
    public double StepLoss { get; internal set; }

    /// <summary>The global gradient norm of the current step, before clipping.</summary>
    public double GradNorm { get; internal set; }

    public bool StopRequested => StopReason is not null;
    public string? StopReason { get; private set; }

    /// <summary>Ends training after the current step or epoch; the reason lands in <see cref="History.StopReason"/>.</summary>
    public void Stop(string reason)
    {
        StopReason ??= reason;
    }
}
