using Course.Tensors;

namespace Course.Nn;

/// <summary>
/// Batch normalisation over features: in training, each column is standardised with the batch's own mean and variance,
/// x_hat = (x - mean) / sqrt(var + eps), then scaled and shifted by the learned y = gamma * x_hat + beta.
/// Running averages of the batch statistics (updated with <see cref="Momentum"/>) replace them in evaluation, so a
/// prediction does not depend on the rest of its batch. The statistics are not parameters: nothing learns them.
/// </summary>
public sealed class BatchNorm : Module
{
    private readonly double[] _sum, _sumSquares; // per-feature accumulators, reused by forward and backward
    private Matrix? _normalized;
    private bool _lastTraining;

    public int Features { get; }
    public float Epsilon { get; }
    public float Momentum { get; }
    public Parameter Gamma { get; }
    public Parameter Beta { get; }

    /// <summary>Mean and (biased) variance of the last training batch, per feature.</summary>
    public Matrix BatchMean { get; }
    public Matrix BatchVariance { get; }

    /// <summary>What evaluation uses: running averages of the batch mean and (unbiased) variance.</summary>
    public Matrix RunningMean { get; }
    public Matrix RunningVariance { get; }

    /// <summary>1 / sqrt(var + eps) of the last forward pass, per feature.</summary>
    private readonly Matrix _inverseStd;

    public BatchNorm(int features, float momentum = 0.1f, float epsilon = 1e-5f)
    {
        if (features < 1) throw new ArgumentException($"BatchNorm needs at least one feature, but got {features}.");
        if (!(momentum > 0 && momentum <= 1)) throw new ArgumentOutOfRangeException(nameof(momentum), $"Momentum must lie in (0, 1], but {momentum} came.");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), $"Epsilon must be > 0, but {epsilon} came.");
        Features = features;
        Momentum = momentum;
        Epsilon = epsilon;
        Gamma = new Parameter("gamma", Matrix.Filled(1, features, 1f), isWeight: false);
        Beta = new Parameter("beta", new Matrix(1, features), isWeight: false);
        BatchMean = new Matrix(1, features);
        BatchVariance = new Matrix(1, features);
        RunningMean = new Matrix(1, features);
        RunningVariance = Matrix.Filled(1, features, 1f);
        _inverseStd = new Matrix(1, features);
        _sum = new double[features];
        _sumSquares = new double[features];
    }

    public override Matrix Forward(Matrix input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Cols != Features)
            throw new ArgumentException($"{this} expects input with {Features} columns, but got {input.Shape}.");
        int n = input.Rows;
        if (training && n < 2)
            throw new ArgumentException($"{this} in training mode needs at least 2 rows to compute batch statistics, but got {input.Shape}.");
        _lastTraining = training;
        var mean = training ? BatchMean : RunningMean;
        var variance = training ? BatchVariance : RunningVariance;
        if (training) ComputeBatchStatistics(input);
        for (int j = 0; j < Features; j++) _inverseStd.Data[j] = 1f / MathF.Sqrt(variance.Data[j] + Epsilon);

        var xHat = _normalized = Matrix.Reuse(_normalized, n, Features);
        var y = OutputBuffer(n, Features);
        for (int r = 0; r < n; r++)
            for (int j = 0; j < Features; j++)
            {
                int i = r * Features + j;
                xHat.Data[i] = (input.Data[i] - mean.Data[j]) * _inverseStd.Data[j];
                y.Data[i] = Gamma.Value.Data[j] * xHat.Data[i] + Beta.Value.Data[j];
            }
        return y;
    }

    public override Matrix Backward(Matrix gradOutput)
    {
        CheckBackward(gradOutput);
        int n = gradOutput.Rows;
        var xHat = _normalized!.Data;
        var dy = gradOutput.Data;
        var gamma = Gamma.Value.Data;
        // Column sums of dy and dy * x_hat: they are dBeta and dGamma, and the batch-statistics terms of dx.
        var sumDy = _sum;
        var sumDyXHat = _sumSquares;
        Array.Clear(sumDy);
        Array.Clear(sumDyXHat);
        for (int r = 0; r < n; r++)
            for (int j = 0; j < Features; j++)
            {
                sumDy[j] += dy[r * Features + j];
                sumDyXHat[j] += dy[r * Features + j] * xHat[r * Features + j];
            }
        for (int j = 0; j < Features; j++)
        {
            Beta.Grad.Data[j] += (float)sumDy[j];
            Gamma.Grad.Data[j] += (float)sumDyXHat[j];
        }

        var dx = InputGradientBuffer(n, Features).Data;
        for (int r = 0; r < n; r++)
            for (int j = 0; j < Features; j++)
            {
                int i = r * Features + j;
                float scale = gamma[j] * _inverseStd.Data[j];
                // In training every x moved the mean and variance too: dx = gamma/std * (dy - mean(dy) - x_hat * mean(dy * x_hat)).
                dx[i] = _lastTraining
                    ? scale * (float)(dy[i] - sumDy[j] / n - xHat[i] * sumDyXHat[j] / n)
                    : scale * dy[i];
            }
        return InputGradient!;
    }

    private void ComputeBatchStatistics(Matrix input)
    {
        int n = input.Rows;
        Array.Clear(_sum);
        Array.Clear(_sumSquares);
        for (int r = 0; r < n; r++)
            for (int j = 0; j < Features; j++) _sum[j] += input.Data[r * Features + j];
        for (int j = 0; j < Features; j++) _sum[j] /= n;
        for (int r = 0; r < n; r++)
            for (int j = 0; j < Features; j++)
            {
                double d = input.Data[r * Features + j] - _sum[j];
                _sumSquares[j] += d * d;
            }
        for (int j = 0; j < Features; j++)
        {
            double variance = _sumSquares[j] / n;
            BatchMean.Data[j] = (float)_sum[j];
            BatchVariance.Data[j] = (float)variance;
            RunningMean.Data[j] = (1 - Momentum) * RunningMean.Data[j] + Momentum * (float)_sum[j];
            RunningVariance.Data[j] = (1 - Momentum) * RunningVariance.Data[j] + Momentum * (float)(variance * n / (n - 1));
        }
    }

    public override IEnumerable<Parameter> Parameters() => [Gamma, Beta];

    public override IEnumerable<Matrix> Statistics() => [RunningMean, RunningVariance];

    public override string ToString() => $"BatchNorm({Features})";
}
