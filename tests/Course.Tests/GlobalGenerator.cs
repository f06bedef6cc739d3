namespace Course.Tests;

/// <summary>
/// Tests that seed torch's global generator (nn.Dropout's masks and nn.Linear's init draw from it) and then compare
/// draws. They run alone, after the parallel tests, so no other test draws from the generator between a seed and its use.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalGenerator
{
    public const string Name = "torch's global generator";
}
