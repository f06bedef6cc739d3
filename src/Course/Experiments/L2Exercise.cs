using System.Globalization;
using Course.Display;
using Course.Models;
using Course.Regularization;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>
/// Lesson 07's exercise: the L2 term λ/(2m)·Σw² written by hand, compared with <see cref="L2Penalty"/> on nets the learner
/// has not seen (other widths, λ and m), in value and in the gradient it gives the weights.
/// </summary>
public static class L2Exercise
{
    public const string Hint =
        "Sum w² over the weight matrices only (parameters with two or more dimensions, p.dim() >= 2): biases are left alone. " +
        "m is the number of training examples, so the factor is λ / (2m), and the result must stay a tensor so autograd can " +
        "differentiate it.";

    /// <summary>The verdict on your function (model, λ, m) → penalty tensor: "Not yet" with what differed, until it matches.</summary>
    public static Feedback Check(Func<nn.Module, double, int, Tensor>? yours) =>
        Exercise.CheckFunction("the L2 penalty λ/(2m)·Σw² on a model's weights", yours, Mismatch, "your penalty and its gradient match L2Penalty on every test net", Hint);

    /// <summary>Null when <paramref name="yours"/> matches L2Penalty in value and gradient (relative 1e-5) on three seeded nets; otherwise what differed.</summary>
    public static string? Mismatch(Func<nn.Module, double, int, Tensor> yours)
    {
        ArgumentNullException.ThrowIfNull(yours);
        foreach (var (widths, lambda, m) in new (long[], double, int)[] { ([5, 7, 3], 0.3, 40), ([12, 9, 9, 4], 2.0, 1000), ([3, 2], 0.05, 7) })
        {
            using var scope = NewDisposeScope();
            manual_seed(widths.Sum());
            using var model = Mlp.Build(widths);
            var expected = new L2Penalty(lambda, m).Term(model);
            var got = yours(model, lambda, m) ?? throw new InvalidOperationException("it returned null");
            string net = $"a {string.Join("-", widths)} net with λ = {lambda.ToString(CultureInfo.InvariantCulture)}, m = {m}";
            if (got.numel() != 1)
                return $"on {net} your penalty has shape [{string.Join(", ", got.shape)}]; it must be a single number";
            var (v, e) = (got.to(float64).item<double>(), expected.to(float64).item<double>());
            if (Math.Abs(v - e) > 1e-5 * Math.Abs(e))
                return $"on {net} your penalty is {v.ToString("G5", CultureInfo.InvariantCulture)}, not the expected value";
            if (!got.requires_grad)
                return $"on {net} your penalty does not require gradients: build it from the parameters themselves, without .detach() or .item()";
            got.backward();
            foreach (var (name, p) in model.named_parameters())
            {
                var want = p.dim() >= 2 ? p.detach() * (lambda / m) : zeros_like(p);
                if (!(p.grad ?? zeros_like(p)).allclose(want, rtol: 1e-4, atol: 1e-7))
                    return $"on {net} the gradient of your penalty for {name} is not λ/m·w for weights and 0 for biases";
            }
        }
        return null;
    }
}
