using Course.Build;
using TorchSharp;

namespace Course.Tests.Platform;

/// <summary>TorchSharp's natives load from the build output on this machine, and the build's fix for older
/// libstdc++ (build/WeakenVersionNeed.cs) changes exactly the one flag it should, in the output copy only.</summary>
public class LibTorchSharpLoadTests
{
    private const string Version = "GLIBCXX_3.4.32";

    private static string NuGetCopy => Path.Combine(
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    private static string OutputCopy => Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");

    private static ushort FlagsOf(string library) =>
        ElfVersionNeeds.Read(File.ReadAllBytes(library)).Single(n => n.Version == Version).Flags;

    [Fact]
    public void TorchSharp_computes_with_libtorch_2_10_from_beside_the_test_assembly()
    {
        using var ones = torch.ones(3, 4);

        Assert.Equal(12f, ones.sum().item<float>());
        Assert.Equal("2.10.0.0", torch.__version__);
        Assert.Equal(AppContext.BaseDirectory, Path.GetDirectoryName(typeof(torch).Assembly.Location) + Path.DirectorySeparatorChar);
    }

    [Fact]
    public void On_Linux_the_output_copy_is_weak_exactly_when_the_hosts_libstdcxx_lacks_the_version_and_the_NuGet_cache_is_untouched()
    {
        if (!OperatingSystem.IsLinux())
            return;

        Assert.Equal(WeakenVersionNeed.HostDefines(Version) ? 0 : 2, FlagsOf(OutputCopy));
        Assert.Equal(0, FlagsOf(NuGetCopy));
    }

    [Fact]
    public void Marking_the_need_weak_changes_one_byte_keeps_the_timestamp_and_a_second_run_changes_nothing()
    {
        if (!File.Exists(NuGetCopy))
            return;
        var copy = Path.Combine(Path.GetTempPath(), $"libLibTorchSharp-{Guid.NewGuid():N}.so");
        File.Copy(NuGetCopy, copy);
        try
        {
            var stamp = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
            File.SetLastWriteTimeUtc(copy, stamp);
            var before = File.ReadAllBytes(copy);

            Assert.Equal("patched", ElfVersionNeeds.MarkWeak(copy, Version));
            var after = File.ReadAllBytes(copy);
            Assert.Equal("already weak", ElfVersionNeeds.MarkWeak(copy, Version));

            var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
            Assert.Equal((byte)(before[changed.Single()] | 2), after[changed.Single()]);
            Assert.Equal(after, File.ReadAllBytes(copy));
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(copy));
            Assert.Equal(2, FlagsOf(copy));
            Assert.All(ElfVersionNeeds.Read(after).Where(n => n.Version != Version), n => Assert.Equal(0, n.Flags));
            Assert.Equal("not needed: no such need", ElfVersionNeeds.MarkWeak(copy, "GLIBCXX_9.9.9"));
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Fact]
    public void A_file_that_is_not_a_64_bit_ELF_library_is_refused_by_name()
    {
        var error = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read("not a library, just text"u8.ToArray()));

        Assert.Equal("not an ELF file", error.Message);
    }
}
