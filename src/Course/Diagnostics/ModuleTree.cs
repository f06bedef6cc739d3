using TorchSharp;
using static TorchSharp.torch;

namespace Course.Diagnostics;

/// <summary>How the diagnostics walk a model: its layers by path, and the checks every entry point shares.</summary>
internal static class ModuleTree
{
    /// <summary>
    /// Every module without children, depth first in registration order (a Sequential's forward order), each with
    /// its path as <c>named_modules()</c> spells it ("linear1", "layer3.relu"). A model without children is its own one layer.
    /// </summary>
    public static List<(string Path, nn.Module Module)> Leaves(nn.Module model)
    {
        var leaves = new List<(string, nn.Module)>();
        void Walk(string prefix, nn.Module module)
        {
            var children = module.named_children().ToList();
            if (children.Count == 0)
                leaves.Add((prefix.Length == 0 ? module.GetType().Name : prefix, module));
            foreach (var (name, child) in children)
                Walk(prefix.Length == 0 ? name : $"{prefix}.{name}", child);
        }
        Walk("", model);
        return leaves;
    }

    /// <summary>The module path of a parameter named as <c>named_parameters()</c> does: "linear1.weight" → "linear1".</summary>
    public static string LayerOf(string parameter)
    {
        int dot = parameter.LastIndexOf('.');
        return dot < 0 ? "" : parameter[..dot];
    }

    /// <summary>The model as a one-tensor-in, one-tensor-out module, or a clear error.</summary>
    public static nn.Module<Tensor, Tensor> TensorToTensor(nn.Module? model, string argument) => model switch
    {
        null => throw new ArgumentNullException(argument),
        nn.Module<Tensor, Tensor> m => m,
        _ => throw new ArgumentException(
            $"The diagnostics expect a Module<Tensor, Tensor> (one tensor in, one tensor out), but a {model.GetType().Name} came.", argument),
    };

    public static string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";

    /// <summary>A batch of features and its class labels, checked: at least one example, one label per row, finite values.</summary>
    public static void CheckBatch(Tensor features, Tensor labels, int minExamples = 1, int maxExamples = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.dim() < 1 || features.shape[0] < minExamples || features.shape[0] > maxExamples)
        {
            string range = maxExamples == int.MaxValue ? $"at least {minExamples}" : $"{minExamples} to {maxExamples}";
            throw new ArgumentException($"Expected a batch of {range} examples, but features of shape {Shape(features)} came.", nameof(features));
        }
        if (labels.dim() != 1 || labels.shape[0] != features.shape[0])
            throw new ArgumentException($"Expected one label per example, shape [{features.shape[0]}], but labels of shape {Shape(labels)} came.", nameof(labels));
        if (!features.is_floating_point())
            throw new ArgumentException($"Expected floating-point features, but {features.dtype} came.", nameof(features));
        CheckFinite(features, nameof(features));
    }

    public static void CheckFinite(Tensor values, string argument)
    {
        using var scope = NewDisposeScope();
        var bad = values.isfinite().logical_not();
        if (!bad.any().item<bool>())
            return;
        long count = bad.sum().item<long>();
        long first = bad.reshape(-1).nonzero()[0, 0].item<long>();
        throw new ArgumentException(
            $"Expected finite values, but {count} of the {values.numel()} values of {argument} are NaN or infinite (the first at flat index {first}).", argument);
    }
}
