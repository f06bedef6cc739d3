using System.Globalization;
using Microsoft.Data.Analysis;

namespace Course.Training;

/// <summary>
/// What a run measured: per epoch, the training loss and accuracy (averaged over the epoch's batches, in training mode)
/// and the validation loss and accuracy (NaN when no validation set was given); per step, the loss and the gradient norm.
/// </summary>
public sealed class History
{
    internal readonly List<double> trainLoss = [], trainAccuracy = [], validationLoss = [], validationAccuracy = [];
    internal readonly List<double> stepLoss = [], stepGradNorm = [];

    public IReadOnlyList<double> TrainLoss => trainLoss;
    public IReadOnlyList<double> TrainAccuracy => trainAccuracy;
    public IReadOnlyList<double> ValidationLoss => validationLoss;
    public IReadOnlyList<double> ValidationAccuracy => validationAccuracy;

    /// <summary>The loss of every batch, in order.</summary>
    public IReadOnlyList<double> StepLoss => stepLoss;

    /// <summary>The global L2 norm of the gradients at every step, before any clipping (what clip_grad_norm_ returns).</summary>
    public IReadOnlyList<double> StepGradNorm => stepGradNorm;

    /// <summary>Completed epochs.</summary>
    public int Epochs => trainLoss.Count;

    public int Steps => stepLoss.Count;

    /// <summary>Why training ended before the planned epochs (a callback stopped it, or the output became non-finite); null otherwise.</summary>
    public string? StopReason { get; internal set; }

    /// <summary>True when training stopped because the model's output or loss stopped being finite.</summary>
    public bool Diverged { get; internal set; }

    /// <summary>One row per epoch: epoch, train loss, train accuracy, validation loss, validation accuracy.</summary>
    public DataFrame ToDataFrame() => new(
        new Int32DataFrameColumn("epoch", Enumerable.Range(1, Epochs)),
        new DoubleDataFrameColumn("train loss", trainLoss),
        new DoubleDataFrameColumn("train accuracy", trainAccuracy),
        new DoubleDataFrameColumn("validation loss", validationLoss),
        new DoubleDataFrameColumn("validation accuracy", validationAccuracy));

    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        if (Epochs == 0) return StopReason is null ? "History: no epochs" : $"History: no epochs ({StopReason})";
        int last = Epochs - 1;
        string val = double.IsNaN(validationLoss[last]) ? "" :
            string.Format(inv, ", validation loss {0:F4}, accuracy {1:P1}", validationLoss[last], validationAccuracy[last]);
        return string.Format(inv, "History: {0} epochs, {1} steps; last epoch: train loss {2:F4}, accuracy {3:P1}{4}{5}",
            Epochs, Steps, trainLoss[last], trainAccuracy[last], val, StopReason is null ? "" : $"; stopped: {StopReason}");
    }
}
