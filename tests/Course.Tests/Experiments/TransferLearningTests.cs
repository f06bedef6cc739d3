using Course.Data;
using Course.Experiments;
using Course.Models;
using static TorchSharp.torch;
using static Course.Tests.Experiments.RegularizationLessonData;

namespace Course.Tests.Experiments;

/// <summary>Lesson 07's transfer from digits 0-4 to 5-9: frozen, fine-tuned, from scratch.</summary>
public class TransferLearningTests
{
    [Fact]
    public void Frozen_features_of_other_digits_lose_to_scratch_and_fine_tuning_ties()
    {
        using var source = TransferLearning.SelectClasses(Pool, 0, 1, 2, 3, 4);
        using var all = TransferLearning.SelectClasses(Pool, 5, 6, 7, 8, 9);
        using var target = all.Take(100);
        using var validation = TransferLearning.SelectClasses(Validation, 5, 6, 7, 8, 9);
        var runs = TransferLearning.Run(() => Mlp.Build([784, 256, 64, 5]), ["linear1", "linear2"], source, target, validation, 3, 60, 1);
        var (frozen, fine, scratch) = (runs[0], runs[1], runs[2]);
        Assert.Equal(64 * 5 + 5, frozen.TrainableParameters);
        Assert.Equal(scratch.TrainableParameters, fine.TrainableParameters);
        Assert.True(scratch.ValidationAccuracy - frozen.ValidationAccuracy > 0.15, $"{frozen} {scratch}");
        Assert.InRange(fine.ValidationAccuracy - scratch.ValidationAccuracy, -0.03, 0.03);
        Assert.InRange(scratch.ValidationAccuracy, 0.72, 0.82);
    }

    [Fact]
    public void Selecting_classes_keeps_their_examples_and_relabels_them_in_the_order_given()
    {
        using var data = new Dataset(arange(8, dtype: float32).reshape(8, 1), tensor(new long[] { 0, 1, 2, 3, 2, 1, 3, 0 }), 4, ["a", "b", "c", "d"]);
        using var picked = TransferLearning.SelectClasses(data, 3, 1);
        Assert.Equal([1f, 3f, 5f, 6f], picked.Features.flatten().data<float>().ToArray());
        Assert.Equal([1L, 0, 1, 0], picked.Labels.data<long>().ToArray());
        Assert.Equal(["d", "b"], picked.ClassNames!);
    }

    [Fact]
    public void An_empty_class_an_unknown_class_and_an_unknown_layer_are_refused()
    {
        using var data = new Dataset(zeros(4, 784), tensor(new long[] { 0, 0, 1, 1 }), 3);
        Assert.Contains("Class 2 has no example among the 4 given", Assert.Throws<ArgumentException>(() => TransferLearning.SelectClasses(data, 0, 2)).Message);
        Assert.Contains("distinct classes in [0, 2], but [0, 5] came", Assert.Throws<ArgumentException>(() => TransferLearning.SelectClasses(data, 0, 5)).Message);
        using var two = TransferLearning.SelectClasses(data, 0, 1);
        var e = Assert.Throws<ArgumentException>(() => TransferLearning.Run(() => Mlp.Build([784, 8, 2]), ["conv1"], two, two, two, 1, 1, 1));
        Assert.Contains("no layer \"conv1\"", e.Message);
        Assert.Contains("linear1", e.Message);
    }

    [Fact]
    public void A_transfer_run_leaves_no_tensor_behind()
    {
        using var source = TransferLearning.SelectClasses(Pool.Take(200), 0, 1, 2, 3, 4);
        AssertNoLeak(() => TransferLearning.Run(() => Mlp.Build([784, 16, 5]), ["linear1"], source, source, source, 1, 1, 1));
    }
}
