using System.Numerics.Tensors;
using Course.Nn;

namespace Course.Optim;

/// <summary>
/// Limits gradients before a step, the usual guard against exploding gradients.
/// Frozen parameters are left out: they are not updated anyway.
/// </summary>
public static class GradientClipping
{
    /// <summary>The L2 norm of all (non-frozen) gradients taken together, accumulated in double.</summary>
    public static double GlobalNorm(IReadOnlyList<Parameter> parameters)
    {
        double sum = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].Frozen) continue;
            foreach (float g in parameters[i].Grad.Data) sum += (double)g * g;
        }
        return Math.Sqrt(sum);
    }

    /// <summary>
    /// If the global norm exceeds <paramref name="maxNorm"/>, scales every gradient by maxNorm / norm, keeping the direction.
    /// Returns the norm before clipping (worth plotting: it shows when clipping acts).
    /// </summary>
    public static double ClipByNorm(IReadOnlyList<Parameter> parameters, double maxNorm)
    {
        if (!(maxNorm > 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), $"The clipping norm must be > 0, but {maxNorm} came.");
        double norm = GlobalNorm(parameters);
        if (norm > maxNorm)
        {
            float scale = (float)(maxNorm / norm);
            for (int i = 0; i < parameters.Count; i++)
                if (!parameters[i].Frozen)
                    TensorPrimitives.Multiply(parameters[i].Grad.Data, scale, parameters[i].Grad.Data);
        }
        return norm;
    }

    /// <summary>Clamps every gradient component to [-maxValue, maxValue]: simpler than norm clipping, but it changes the direction.</summary>
    public static void ClipByValue(IReadOnlyList<Parameter> parameters, float maxValue)
    {
        if (!(maxValue > 0)) throw new ArgumentOutOfRangeException(nameof(maxValue), $"The clipping value must be > 0, but {maxValue} came.");
        for (int i = 0; i < parameters.Count; i++)
            if (!parameters[i].Frozen)
            {
                var g = parameters[i].Grad.Data;
                TensorPrimitives.Clamp(g, -maxValue, maxValue, g);
            }
    }
}
