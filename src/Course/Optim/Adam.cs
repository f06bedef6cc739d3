using System.Numerics.Tensors;
using Course.Nn;

namespace Course.Optim;

/// <summary>
/// Adam: running averages of the gradient (m) and of its square (v), corrected for their start at 0, give each weight
/// its own step size: w -= lr * m_hat / (sqrt(v_hat) + eps). Weight decay here is added to the gradient (L2),
/// so Adam rescales it like any gradient; <see cref="AdamW"/> decouples it.
/// </summary>
public class Adam : Optimizer
{
    private readonly float[][] _m, _v;
    private readonly int[] _steps;

    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Epsilon { get; }
    public double WeightDecay { get; }

    /// <summary>True for AdamW: the decay shrinks the weights directly, w -= lr * weightDecay * w, outside the adaptive scaling.</summary>
    public bool DecoupledWeightDecay { get; }

    public Adam(IEnumerable<Parameter> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0)
        : this(parameters, learningRate, beta1, beta2, epsilon, weightDecay, decoupled: false) { }

    protected Adam(IEnumerable<Parameter> parameters, double learningRate, double beta1, double beta2, double epsilon,
        double weightDecay, bool decoupled)
        : base(parameters, learningRate)
    {
        CheckRange(beta1, 0, 0.999999, nameof(beta1));
        CheckRange(beta2, 0, 0.999999999, nameof(beta2));
        CheckRange(epsilon, 0, 1, nameof(epsilon));
        CheckRange(weightDecay, 0, double.MaxValue, nameof(weightDecay));
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        DecoupledWeightDecay = decoupled;
        _m = Parameters.Select(p => new float[p.Length]).ToArray();
        _v = Parameters.Select(p => new float[p.Length]).ToArray();
        _steps = new int[Parameters.Count];
    }

    protected override void Update(int index, Parameter p)
    {
        int t = ++_steps[index];
        float[] w = p.Value.Data, g = p.Grad.Data, m = _m[index], v = _v[index];
        float b1 = (float)Beta1, b2 = (float)Beta2, eps = (float)Epsilon, wd = (float)WeightDecay;
        float stepSize = (float)(LearningRate / (1 - Math.Pow(Beta1, t)));
        float correction2 = (float)Math.Sqrt(1 - Math.Pow(Beta2, t));
        if (DecoupledWeightDecay && wd > 0)
            TensorPrimitives.Multiply(w, 1 - (float)LearningRate * wd, w);
        bool l2 = !DecoupledWeightDecay && wd > 0;
        for (int i = 0; i < w.Length; i++)
        {
            float gi = l2 ? g[i] + wd * w[i] : g[i];
            m[i] = b1 * m[i] + (1 - b1) * gi;
            v[i] = b2 * v[i] + (1 - b2) * gi * gi;
            w[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) / correction2 + eps);
        }
    }

    public override string ToString() =>
        $"{GetType().Name}(lr {LearningRate:G3}{(WeightDecay > 0 ? $", weight decay {WeightDecay:G3}" : "")})";
}

/// <summary>Adam with decoupled weight decay (Loshchilov and Hutter): the decay is not rescaled by the adaptive step.</summary>
public sealed class AdamW(IEnumerable<Parameter> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
    double epsilon = 1e-8, double weightDecay = 1e-2)
    : Adam(parameters, learningRate, beta1, beta2, epsilon, weightDecay, decoupled: true);
