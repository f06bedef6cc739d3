using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>A function of two variables, written with torch operations on a 2-vector p = (x, y), so autograd can differentiate it.</summary>
public sealed record Surface(string Name, string Formula, Func<Tensor, Tensor> F)
{
    /// <summary>x² + y²: a minimum at the origin.</summary>
    public static Surface Bowl { get; } = new("minimum", "x² + y²", p => p[0].square() + p[1].square());

    /// <summary>−x² − y²: a maximum at the origin.</summary>
    public static Surface Dome { get; } = new("maximum", "−x² − y²", p => -p[0].square() - p[1].square());

    /// <summary>x² − y²: a saddle at the origin, a minimum along x and a maximum along y.</summary>
    public static Surface Saddle { get; } = new("saddle", "x² − y²", p => p[0].square() - p[1].square());

    public static IReadOnlyList<Surface> Three { get; } = [Bowl, Dome, Saddle];

    public override string ToString() => $"{Name}: {Formula}";
}

/// <summary>
/// What autograd says at one point of a surface: the gradient, the Hessian (second derivatives, each row the gradient
/// of one component of the gradient) and the Hessian's eigenvalues, smallest first. The signs of the eigenvalues name
/// the kind of critical point.
/// </summary>
public sealed record PointAnalysis(Surface Surface, double X, double Y, double[] Gradient, double[,] Hessian, double[] Eigenvalues)
{
    public double GradientNorm => Math.Sqrt(Gradient.Sum(g => g * g));

    /// <summary>"minimum" (all eigenvalues positive), "maximum" (all negative), "saddle" (both signs), else "flat in some direction".</summary>
    public string Kind => Eigenvalues.All(e => e > 0) ? "minimum" : Eigenvalues.All(e => e < 0) ? "maximum"
        : Eigenvalues.Any(e => e > 0) && Eigenvalues.Any(e => e < 0) ? "saddle" : "flat in some direction";
}

/// <summary>Plain gradient descent from one start: every point visited, and the first step that left the escape radius (null: it never did).</summary>
public sealed record DescentPath(Surface Surface, double LearningRate, double[] Xs, double[] Ys, int? EscapeStep, double FinalGradientNorm)
{
    public int Steps => Xs.Length - 1;
}

/// <summary>
/// Critical points on 2-D surfaces, measured with autograd: the gradient at a point, the Hessian by differentiating the
/// gradient once more (TorchSharp has no autograd.functional.hessian), and gradient descent run with torch's SGD.
/// </summary>
public static class CriticalPoints
{
    /// <summary>Gradient, Hessian and its eigenvalues of <paramref name="surface"/> at (x, y), in float64.</summary>
    public static PointAnalysis At(Surface surface, double x = 0, double y = 0)
    {
        ArgumentNullException.ThrowIfNull(surface);
        using var scope = NewDisposeScope();
        var p = tensor(new[] { x, y }, float64).requires_grad_();
        var value = surface.F(p);
        var gradient = torch.autograd.grad([value], [p], create_graph: true)[0];
        var rows = new Tensor[2];
        for (int i = 0; i < 2; i++)
            rows[i] = torch.autograd.grad([gradient[i]], [p], retain_graph: true, allow_unused: true)[0] is { } row && !row.IsInvalid
                ? row.detach() : zeros(2, float64);
        var hessian = stack(rows);
        var eigenvalues = linalg.eigvalsh(hessian).data<double>().ToArray();
        var h = new double[2, 2];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
                h[i, j] = hessian[i, j].item<double>();
        return new PointAnalysis(surface, x, y, gradient.detach().data<double>().ToArray(), h, eigenvalues);
    }

    /// <summary>
    /// The surface's values on a grid, as a heatmap wants them: z[i, j] = f(xs[j], ys[i]).
    /// </summary>
    public static double[,] Grid(Surface surface, double[] xs, double[] ys)
    {
        ArgumentNullException.ThrowIfNull(surface);
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        if (xs.Length == 0 || ys.Length == 0)
            throw new ArgumentException($"Expected at least one x and one y, but {xs.Length} x and {ys.Length} y values came.");
        using var scope = NewDisposeScope();
        var mesh = meshgrid([tensor(ys, float64), tensor(xs, float64)], indexing: "ij");
        var values = surface.F(stack([mesh[1], mesh[0]])).data<double>().ToArray();   // p[0] = x, p[1] = y
        var z = new double[ys.Length, xs.Length];
        for (int i = 0; i < ys.Length; i++)
            for (int j = 0; j < xs.Length; j++)
                z[i, j] = values[i * xs.Length + j];
        return z;
    }

    /// <summary>
    /// Gradient descent on <paramref name="surface"/> from (x0, y0) with <c>optim.SGD</c> at <paramref name="learningRate"/>,
    /// for at most <paramref name="maxSteps"/> steps; it stops at the first step that takes the point farther than
    /// <paramref name="escapeRadius"/> from the origin.
    /// </summary>
    public static DescentPath Descend(Surface surface, double x0, double y0, double learningRate, int maxSteps, double escapeRadius = 1)
    {
        ArgumentNullException.ThrowIfNull(surface);
        if (maxSteps < 1)
            throw new ArgumentException($"Expected at least 1 step, but maxSteps = {maxSteps} came.", nameof(maxSteps));
        if (!(learningRate > 0))
            throw new ArgumentException($"Expected a positive learning rate, but {learningRate.ToString(CultureInfo.InvariantCulture)} came.", nameof(learningRate));
        using var p = new TorchSharp.Modules.Parameter(tensor(new[] { x0, y0 }, float64));
        using var sgd = optim.SGD([p], learningRate);
        var (xs, ys) = (new List<double> { x0 }, new List<double> { y0 });
        int? escaped = null;
        double gradientNorm;
        for (int step = 1; step <= maxSteps && escaped is null; step++)
        {
            using var scope = NewDisposeScope();
            sgd.zero_grad();
            surface.F(p).backward();
            sgd.step();
            var (x, y) = (p[0].item<double>(), p[1].item<double>());
            xs.Add(x);
            ys.Add(y);
            if (Math.Sqrt(x * x + y * y) > escapeRadius)
                escaped = step;
        }
        using (var scope = NewDisposeScope())
        {
            sgd.zero_grad();
            surface.F(p).backward();
            gradientNorm = p.grad!.norm().item<double>();
        }
        return new DescentPath(surface, learningRate, [.. xs], [.. ys], escaped, gradientNorm);
    }

    /// <summary>
    /// On x² − y², plain gradient descent multiplies y by (1 + 2η) every step, so from an offset ε it needs the smallest
    /// k with ε(1 + 2η)^k &gt; r to leave radius r (while x shrinks by (1 − 2η) toward 0).
    /// </summary>
    public static int SaddleEscapeSteps(double offset, double learningRate, double escapeRadius = 1) =>
        (int)Math.Floor(Math.Log(escapeRadius / Math.Abs(offset)) / Math.Log(1 + 2 * learningRate)) + 1;
}
