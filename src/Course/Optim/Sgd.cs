using System.Numerics.Tensors;
using Course.Nn;

namespace Course.Optim;

/// <summary>
/// Stochastic gradient descent, as PyTorch defines it: g = grad + weightDecay * w; with momentum, v = momentum * v + g and
/// the step uses v (or g + momentum * v with Nesterov); then w -= lr * step.
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly float[][]? _velocity;
    private readonly float[][]? _scratch;

    public double Momentum { get; }
    public bool Nesterov { get; }
    public double WeightDecay { get; }

    public Sgd(IEnumerable<Parameter> parameters, double learningRate, double momentum = 0, bool nesterov = false, double weightDecay = 0)
        : base(parameters, learningRate)
    {
        CheckRange(momentum, 0, 1, nameof(momentum));
        CheckRange(weightDecay, 0, double.MaxValue, nameof(weightDecay));
        if (nesterov && momentum == 0) throw new ArgumentException("Nesterov momentum needs a momentum above 0.");
        Momentum = momentum;
        Nesterov = nesterov;
        WeightDecay = weightDecay;
        if (momentum > 0) _velocity = Parameters.Select(p => new float[p.Length]).ToArray();
        if (weightDecay > 0 || nesterov) _scratch = Parameters.Select(p => new float[p.Length]).ToArray();
    }

    protected override void Update(int index, Parameter p)
    {
        float[] w = p.Value.Data;
        float[] g = p.Grad.Data;
        float lr = (float)LearningRate, mu = (float)Momentum;
        if (WeightDecay > 0)
        {
            TensorPrimitives.MultiplyAdd(w, (float)WeightDecay, g, _scratch![index]);
            g = _scratch[index];
        }
        if (_velocity is not null)
        {
            float[] v = _velocity[index];
            TensorPrimitives.MultiplyAdd(v, mu, g, v);
            if (Nesterov)
            {
                TensorPrimitives.MultiplyAdd(v, mu, g, _scratch![index]);
                g = _scratch[index];
            }
            else g = v;
        }
        TensorPrimitives.MultiplyAdd(g, -lr, w, w);
    }

    public override string ToString() =>
        $"SGD(lr {LearningRate:G3}{(Momentum > 0 ? $", momentum {Momentum:G3}" : "")}{(Nesterov ? ", Nesterov" : "")}{(WeightDecay > 0 ? $", weight decay {WeightDecay:G3}" : "")})";
}
