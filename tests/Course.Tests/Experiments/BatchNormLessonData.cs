using Course.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Experiments;

/// <summary>
/// What lesson 05's tests share: the digits and the lesson's split of them, loaded once. The tests that train run one
/// class at a time (one collection) and on one torch thread: the nets are small, and two threads per test on two shared
/// cores made a step many times slower.
/// </summary>
public sealed class BatchNormLessonData
{
    public BatchNormLessonData()
    {
        torch.set_num_threads(1);
        Digits = Mnist.Load();
        Order = randperm(Digits.Count, generator: new Generator(1)).data<long>().ToArray();
        Train = Digits.Subset(Order[..2000]);
        Test = Digits.Subset(Order[2000..3000]);
    }

    public Dataset Digits { get; }
    public long[] Order { get; }
    public Dataset Train { get; }
    public Dataset Test { get; }

    /// <summary>Live tensors on this thread: a measurement that frees what it makes leaves this number as it found it.</summary>
    public static long LiveTensors => DisposeScopeManager.Statistics.ThreadTotalLiveCount;
}

[CollectionDefinition(Name)]
public sealed class BatchNormLessonCollection : ICollectionFixture<BatchNormLessonData>
{
    public const string Name = "Lesson 05 experiments";
}
