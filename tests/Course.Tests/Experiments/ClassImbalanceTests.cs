using Course.Data;
using Course.Experiments;
using TorchSharp;

namespace Course.Tests.Experiments;

/// <summary>Lesson 09's long tail and sorted batches on MNIST.</summary>
public class ClassImbalanceTests
{
    private static Dataset Balanced() => Digits.All.Subset([.. Enumerable.Range(8000, 2000).Select(i => (long)i)]);

    private static readonly Lazy<RecallResult[][]> s_remedies = new(() =>
    {
        using var first = Digits.All.Take(5000);
        using var tail = Rebalance.LongTail(first, 200, 0.7);
        using var balanced = Balanced();
        return [.. Enumerable.Range(0, 3).Select(seed => ClassImbalance.Remedies.Select(r => ClassImbalance.Train(tail, balanced, r, 15, seed)).ToArray())];
    });

    [Fact]
    public void Without_a_remedy_the_rarest_digits_are_found_about_one_time_in_four()
    {
        var plain = s_remedies.Value[0][0];
        Assert.InRange((plain.Recall[8] + plain.Recall[9]) / 2, 0.15, 0.35);
        Assert.True(plain.Recall[0] > 0.95 && plain.Recall[1] > 0.95);
    }

    [Fact]
    public void Weighting_and_oversampling_raise_the_lowest_recall_for_every_seed()
    {
        foreach (var run in s_remedies.Value)
        {
            Assert.InRange(run[1].MinRecall - run[0].MinRecall, 0.15, 0.40);
            Assert.InRange(run[2].MinRecall - run[0].MinRecall, 0.15, 0.40);
            Assert.True(run[1].Accuracy > run[0].Accuracy && run[2].Accuracy > run[0].Accuracy);
        }
    }

    [Fact]
    public void Sorted_unshuffled_batches_train_a_far_worse_model_than_the_same_data_shuffled()
    {
        using var two = Digits.All.Take(2000);
        using var balanced = Balanced();
        var (sorted, shuffled) = ClassImbalance.BatchOrder(two, balanced, 3, 0);
        Assert.True(shuffled.Accuracy - sorted.Accuracy > 0.15, $"{sorted.Accuracy} / {shuffled.Accuracy}");
        Assert.InRange(sorted.MinRecall, 0, 0.1);
        Assert.InRange(shuffled.Accuracy, 0.82, 0.90);
    }

    [Fact]
    public void An_unknown_remedy_names_the_ones_there_are()
    {
        using var data = Digits.All.Take(20);
        Assert.Contains("no remedy, weighted loss, oversampled, but \"focal loss\" came",
            Assert.Throws<ArgumentException>(() => ClassImbalance.Train(data, data, "focal loss", 1, 0)).Message);
    }

    [Fact]
    public void Remedy_runs_leave_no_tensor_behind()
    {
        using var data = Digits.All.Take(300);
        foreach (var r in ClassImbalance.Remedies) ClassImbalance.Train(data, data, r, 1, 0);
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        foreach (var r in ClassImbalance.Remedies) ClassImbalance.Train(data, data, r, 1, 0);
        ClassImbalance.BatchOrder(data, data, 1, 0);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
