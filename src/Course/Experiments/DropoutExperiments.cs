using Course.Data;
using Course.Models;
using Course.Training;
using Microsoft.Data.Analysis;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>
/// One nn.Dropout layer on a batch, checked element by element: the share of values kept, the share of the mask that a
/// second forward pass redraws, and how many elements break a rule (gradient other than mask / q, a factor other than
/// 0 or 1 / q, evaluation not the identity, DropoutFromScratch not identical under the same seed).
/// </summary>
public sealed record DropoutLayerCheck(double Keep, double KeptShare, double ChangedShare,
    long GradientMismatches, long OtherFactors, long EvalMismatches, long FromScratchMismatches);

/// <summary>The mean of a dropout layer's output in training mode and in evaluation mode.</summary>
public sealed record DropoutMeans(double Keep, bool Scaled, double Train, double Eval)
{
    /// <summary>Train / eval: 1 for inverted dropout, the keep probability q for the unscaled variant.</summary>
    public double Ratio => Train / Eval;
}

/// <summary>The lesson's overfitting setting: a wide MLP, Adam at a high learning rate, enough epochs to memorise a small set.</summary>
public sealed record OverfitSetup
{
    public long[] Widths { get; init; } = [196, 256, 256, 10];
    public int Epochs { get; init; } = 20;
    public int BatchSize { get; init; } = 100;
    public double LearningRate { get; init; } = 5e-3;
}

/// <summary>
/// How a run with dropout probability <see cref="P"/> went. <see cref="Train"/> and <see cref="TrainLossPerEpoch"/> (empty
/// unless asked for) are measured in evaluation mode (dropout off), like the validation numbers; <see cref="History"/>'s
/// training loss is the one logged during training, with dropout on.
/// </summary>
public sealed record DropoutRun(double P, History History, IReadOnlyList<double> TrainLossPerEpoch, Evaluation Train)
{
    public double ValidationLoss => History.ValidationLoss[^1];
    public double ValidationAccuracy => History.ValidationAccuracy[^1];

    /// <summary>The lowest validation loss of any epoch: what early stopping would have kept.</summary>
    public double BestValidationLoss => History.ValidationLoss.Min();

    public int BestEpoch => History.ValidationLoss.ToList().IndexOf(BestValidationLoss) + 1;
}

/// <summary>
/// A network trained with DropoutFromScratch (scaled or not), then measured: the mean input of its output layer in
/// training and in evaluation mode (on the training set), and its validation results as trained and with the weights of
/// every layer that reads dropped values multiplied by the keep probability, the test-time correction the unscaled
/// variant needs.
/// </summary>
public sealed record MismatchRun(double Keep, bool Scaled, double TrainModeMean, double EvalModeMean, Evaluation AsTrained, Evaluation WeightsTimesKeep)
{
    /// <summary>
    /// Train-mode mean / eval-mode mean of the output layer's input: 1 when scaled; when unscaled, about q to the power of
    /// the number of dropout layers on the way, since each one shrinks what the next one passes on.
    /// </summary>
    public double Ratio => TrainModeMean / EvalModeMean;
}

/// <summary>Lesson 03's measurements: what dropout does to one layer, to the mean activation, and to overfitting.</summary>
public static class DropoutExperiments
{
    /// <summary>
    /// nn.Dropout(<paramref name="p"/>) on a <paramref name="rows"/> x <paramref name="cols"/> batch of randn values drawn
    /// after <c>manual_seed(seed)</c>, checked against the rules of inverted dropout (see <see cref="DropoutLayerCheck"/>).
    /// </summary>
    public static DropoutLayerCheck CheckLayer(double p, long seed, int rows = 64, int cols = 256)
    {
        using var scope = NewDisposeScope();
        double keep = 1 - p;
        manual_seed(seed);
        var x = randn(rows, cols, requires_grad: true);
        var dropout = nn.Dropout(p);
        var y = dropout.call(x);
        y.sum().backward(); // every dL/dy is 1, so dL/dx is the factor each value was multiplied by
        var kept = y.ne(0);
        var factor = kept.to(float32).div_(keep);
        long gradientMismatches = x.grad!.ne(factor).sum().item<long>();
        long otherFactors = x.grad!.ne(0).logical_and(x.grad!.ne(factor)).sum().item<long>();
        double changed = dropout.call(x).ne(0).ne(kept).to(float64).mean().item<double>(); // a second, fresh mask
        dropout.eval();
        long evalMismatches = dropout.call(x).ne(x).sum().item<long>();

        manual_seed(seed); // the same draws again, through the layer written from scratch
        var again = randn(rows, cols);
        long fromScratch = new DropoutFromScratch(p).call(again).ne(y).sum().item<long>();
        return new DropoutLayerCheck(keep, kept.to(float64).mean().item<double>(), changed,
            gradientMismatches, otherFactors, evalMismatches, fromScratch);
    }

    /// <summary>The mean of DropoutFromScratch's output on <paramref name="activations"/> in training and in evaluation mode.</summary>
    public static DropoutMeans Means(Tensor activations, double keep, bool scaled)
    {
        ArgumentNullException.ThrowIfNull(activations);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var dropout = new DropoutFromScratch(1 - keep, scaled);
        double train = dropout.call(activations).to(float64).mean().item<double>();
        dropout.eval();
        double eval = dropout.call(activations).to(float64).mean().item<double>();
        return new DropoutMeans(keep, scaled, train, eval);
    }

    /// <summary>
    /// Square images shrunk by averaging <paramref name="factor"/> x <paramref name="factor"/> blocks (avg_pool2d):
    /// 28 x 28 digits become 14 x 14 with factor 2, a quarter of the inputs, so the lesson's training runs stay short.
    /// </summary>
    public static Dataset Downsample(Dataset data, int factor)
    {
        ArgumentNullException.ThrowIfNull(data);
        long side = (long)Math.Round(Math.Sqrt(data.FeatureCount));
        if (side * side != data.FeatureCount)
            throw new ArgumentException($"Downsample needs square images, but each example has {data.FeatureCount} values.", nameof(data));
        if (factor < 1 || side % factor != 0)
            throw new ArgumentOutOfRangeException(nameof(factor), $"The factor must divide the image side {side}, but {factor} came.");
        using var scope = NewDisposeScope();
        var pooled = nn.functional.avg_pool2d(data.Features.view(-1, 1, side, side), factor).flatten(1);
        return new Dataset(pooled, data.Labels.clone(), data.ClassCount, data.ClassNames);
    }

    /// <summary>
    /// Trains <c>Mlp.Build(setup.Widths, dropout: p)</c> from <c>manual_seed(seed)</c> (so every p starts from the same
    /// weights and sees the same batches), evaluating <paramref name="validation"/> every epoch; with
    /// <paramref name="trainLossEveryEpoch"/> also the training set in evaluation mode, for the curves.
    /// </summary>
    public static DropoutRun Overfit(Dataset train, Dataset validation, double p, long seed, OverfitSetup? setup = null, bool trainLossEveryEpoch = false)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        setup ??= new OverfitSetup();
        using var scope = NewDisposeScope();
        manual_seed(seed);
        using var model = Mlp.Build(setup.Widths, dropout: p);
        var (trainer, history, trainLoss) = Fit(model, train, validation, seed, setup, trainLossEveryEpoch);
        using var optimizer = trainer.Optimizer; // frees Adam's moment estimates
        return new DropoutRun(p, history, trainLoss, trainer.Evaluate(train));
    }

    /// <summary>
    /// The same network and training as <see cref="Overfit"/>, with DropoutFromScratch(<paramref name="p"/>, <paramref name="scaled"/>)
    /// after each hidden layer, then the train/eval mismatch at the output layer's input (see <see cref="MismatchRun"/>).
    /// With <c>scaled: true</c> it trains exactly as <see cref="Overfit"/> does with nn.Dropout.
    /// </summary>
    public static MismatchRun Mismatch(Dataset train, Dataset validation, double p, long seed, bool scaled = false, OverfitSetup? setup = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        if (!(p > 0 && p < 1))
            throw new ArgumentOutOfRangeException(nameof(p), $"The mismatch needs dropout, a probability in (0, 1), but {p} came.");
        setup ??= new OverfitSetup();
        using var scope = NewDisposeScope();
        manual_seed(seed);
        var widths = setup.Widths;
        // Built in Mlp.Build's order, so under the same seed the weights start the same.
        var hidden = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int i = 1; i < widths.Length - 1; i++)
        {
            hidden.Add(($"linear{i}", nn.Linear(widths[i - 1], widths[i])));
            hidden.Add(($"relu{i}", nn.ReLU()));
            hidden.Add(($"dropout{i}", new DropoutFromScratch(p, scaled)));
        }
        var body = nn.Sequential(hidden);
        var head = nn.Linear(widths[^2], widths[^1]);
        using var model = nn.Sequential(("body", body), ("head", head));
        var (trainer, _, _) = Fit(model, train, validation: null, seed, setup, trainLossEveryEpoch: false);
        using var optimizer = trainer.Optimizer;

        double trainMean, evalMean;
        using (no_grad())
        {
            trainMean = body.call(train.Features).mean().item<float>();
            body.eval();
            evalMean = body.call(train.Features).mean().item<float>();
        }
        var asTrained = trainer.Evaluate(validation);
        using (no_grad())
        {
            foreach (var linear in model.modules().OfType<TorchSharp.Modules.Linear>().Skip(1)) // every layer that reads dropped values
                linear.weight!.mul_(1 - p);
        }
        return new MismatchRun(1 - p, scaled, trainMean, evalMean, asTrained, trainer.Evaluate(validation));
    }

    /// <summary>One row per run: p, training loss and accuracy (eval mode), last and best validation loss, best epoch, validation accuracy.</summary>
    public static DataFrame SweepTable(IEnumerable<DropoutRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var all = runs.ToArray();
        return new DataFrame(
            new DoubleDataFrameColumn("p", all.Select(r => r.P)),
            new DoubleDataFrameColumn("train loss", all.Select(r => r.Train.Loss)),
            new DoubleDataFrameColumn("train accuracy", all.Select(r => r.Train.Accuracy)),
            new DoubleDataFrameColumn("validation loss", all.Select(r => r.ValidationLoss)),
            new DoubleDataFrameColumn("best validation loss", all.Select(r => r.BestValidationLoss)),
            new Int32DataFrameColumn("best epoch", all.Select(r => r.BestEpoch)),
            new DoubleDataFrameColumn("validation accuracy", all.Select(r => r.ValidationAccuracy)));
    }

    private static (Trainer, History, List<double>) Fit(nn.Module<Tensor, Tensor> model, Dataset train, Dataset? validation, long seed,
        OverfitSetup setup, bool trainLossEveryEpoch)
    {
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), setup.LearningRate));
        var trainLoss = new List<double>();
        var record = trainLossEveryEpoch ? new[] { TrainingCallback.OnEpoch(_ => trainLoss.Add(trainer.Evaluate(train).Loss)) } : [];
        var history = trainer.Fit(train, setup.Epochs, setup.BatchSize, validation, shuffleSeed: seed, record);
        return (trainer, history, trainLoss);
    }
}
