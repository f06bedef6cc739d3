namespace Course.Tests.Diagnostics;

/// <summary>The diagnostics tests seed and draw from torch's global generator (model init): they run alone, one at a time.</summary>
[CollectionDefinition("Diagnostics", DisableParallelization = true)]
public sealed class DiagnosticsCollection;
