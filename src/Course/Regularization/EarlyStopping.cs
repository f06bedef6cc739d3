using System.Globalization;
using Course.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Regularization;

/// <summary>
/// Stops training when the validation loss has not improved by more than <see cref="MinDelta"/> for <see cref="Patience"/>
/// epochs and, by default, puts back the weights (and buffers, such as batch norm's running statistics) of the best
/// epoch when training ends.
/// </summary>
public sealed class EarlyStopping : TrainingCallback
{
    private Dictionary<string, Tensor>? _best;
    private int _epochsWithoutImprovement;

    public int Patience { get; }
    public double MinDelta { get; }
    public bool RestoreBestWeights { get; }

    /// <summary>The best validation loss seen, and the epoch (from 1) it came from; 0 before the first epoch.</summary>
    public double BestLoss { get; private set; } = double.PositiveInfinity;
    public int BestEpoch { get; private set; }

    /// <summary>True once the best weights have been put back.</summary>
    public bool Restored { get; private set; }

    public EarlyStopping(int patience, double minDelta = 0, bool restoreBestWeights = true)
    {
        if (patience < 1) throw new ArgumentOutOfRangeException(nameof(patience), $"Patience must be at least 1 epoch, but {patience} came.");
        if (!(minDelta >= 0)) throw new ArgumentOutOfRangeException(nameof(minDelta), $"MinDelta must be >= 0, but {minDelta} came.");
        Patience = patience;
        MinDelta = minDelta;
        RestoreBestWeights = restoreBestWeights;
    }

    public override void AfterEpoch(TrainingContext context)
    {
        double loss = context.History.ValidationLoss[^1];
        if (double.IsNaN(loss))
            throw new InvalidOperationException("Early stopping watches the validation loss: pass a validation set to Fit.");
        if (loss < BestLoss - MinDelta)
        {
            BestLoss = loss;
            BestEpoch = context.Epoch;
            _epochsWithoutImprovement = 0;
            if (RestoreBestWeights)
                Keep(context.Model);
        }
        else if (++_epochsWithoutImprovement >= Patience)
            context.Stop(string.Format(CultureInfo.InvariantCulture,
                "early stopping: no validation improvement above {0:G3} for {1} epochs (best {2:F4} at epoch {3})",
                MinDelta, Patience, BestLoss, BestEpoch));
    }

    public override void AfterTraining(TrainingContext context)
    {
        if (!RestoreBestWeights || _best is null)
            return;
        using (no_grad())
        {
            foreach (var (name, tensor) in context.Model.state_dict())
                tensor.copy_(_best[name]);
        }
        foreach (var kept in _best.Values) kept.Dispose();
        _best = null;
        Restored = true;
    }

    /// <summary>Copies of every parameter and buffer, outside any dispose scope (training steps run in scopes).</summary>
    private void Keep(nn.Module model)
    {
        using var noGrad = no_grad();
        if (_best is null)
            _best = model.state_dict().ToDictionary(e => e.Key, e => e.Value.detach().clone().DetachFromDisposeScope());
        else
            foreach (var (name, tensor) in model.state_dict())
                _best[name].copy_(tensor);
    }
}
