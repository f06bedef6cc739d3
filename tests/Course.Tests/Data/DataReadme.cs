using System.Text.RegularExpressions;
using Course.Data;

namespace Course.Tests.Data;

/// <summary>The figures data/README.md publishes, read from it so they are written down in one place only.</summary>
public static partial class DataReadme
{
    public static string Text => File.ReadAllText(Path.Combine(Mnist.FindDataFolder(), "README.md"));

    /// <summary>The "| images | 1001 | ... | total |" row of the per-class table: ten counts, then the total.</summary>
    public static int[] CountsRow()
    {
        var row = Text.Split('\n').Single(line => line.StartsWith("| images |", StringComparison.Ordinal));
        return row.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(int.Parse).ToArray();
    }

    /// <summary>File name to SHA-256, from the sha256sum-style lines ("hash  name").</summary>
    public static Dictionary<string, string> Checksums() =>
        ChecksumLine().Matches(Text).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);

    [GeneratedRegex(@"^([0-9a-f]{64})  (\S+)$", RegexOptions.Multiline)]
    private static partial Regex ChecksumLine();
}
