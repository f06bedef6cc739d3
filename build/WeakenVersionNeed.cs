// Compiled by MSBuild's RoslynCodeTaskFactory (see LibTorchSharp.targets), against netstandard2.0, and by the tests.
using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;

namespace Course.Build;

/// <summary>
/// Marks one symbol-version need of an ELF shared library weak (VER_FLG_WEAK) in place, when the
/// host's libstdc++ does not define that version. glibc refuses to load a library with a missing
/// non-weak version need; a weak one it accepts, and a symbol that asks for it and is never bound
/// (libLibTorchSharp.so 0.107.0 needs GLIBCXX_3.4.32 for one unrelocated symbol only) changes nothing.
/// Only the file named is written, only when the flag is not set yet, and its timestamp is kept so
/// that an incremental build does not copy the original over it again.
/// </summary>
public sealed class WeakenVersionNeed : Microsoft.Build.Utilities.Task
{
    [Required] public string Library { get; set; } = "";
    [Required] public string Version { get; set; } = "";

    /// <summary>"patched", "already weak", "not needed: the host defines it" or "not needed: no such need".</summary>
    [Output] public string Outcome { get; set; } = "";

    public override bool Execute()
    {
        if (!File.Exists(Library))
        {
            Log.LogError($"WeakenVersionNeed: no library at {Library}.");
            return false;
        }
        try
        {
            Outcome = HostDefines(Version) ? "not needed: the host defines it" : ElfVersionNeeds.MarkWeak(Library, Version);
            Log.LogMessage(MessageImportance.Normal, $"{Path.GetFileName(Library)}, {Version}: {Outcome}");
            return true;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            Log.LogError($"WeakenVersionNeed: {Library}: {e.Message}");
            return false;
        }
    }

    /// <summary>Whether the libstdc++ this process runs with (the build's own .NET host has it loaded) defines the version.</summary>
    public static bool HostDefines(string version)
    {
        var libstdcxx = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "")
            .FirstOrDefault(path => Path.GetFileName(path).StartsWith("libstdc++.so", StringComparison.Ordinal));
        if (libstdcxx is null)
            return true;   // no libstdc++ in this process: nothing is known to be missing, so nothing is changed
        return ElfVersionNeeds.Contains(File.ReadAllBytes(libstdcxx), Encoding.ASCII.GetBytes(version + "\0"));
    }
}

/// <summary>Reads and edits the version needs (.gnu.version_r) of a little-endian ELF64 file.</summary>
public static class ElfVersionNeeds
{
    private const uint VersionNeedSection = 0x6ffffffe;   // SHT_GNU_verneed
    private const ushort Weak = 0x2;                      // VER_FLG_WEAK

    /// <summary>Each needed version and its flags, in file order.</summary>
    public static (string Version, ushort Flags)[] Read(byte[] elf) =>
        Entries(elf).Select(e => (e.Name, BitConverter.ToUInt16(elf, e.FlagsAt))).ToArray();

    /// <summary>Sets the weak flag on <paramref name="version"/>'s need; "patched", "already weak" or "not needed: no such need".</summary>
    public static string MarkWeak(string path, string version)
    {
        var elf = File.ReadAllBytes(path);
        var entry = Entries(elf).FirstOrDefault(e => e.Name == version);
        if (entry.Name is null)
            return "not needed: no such need";
        var flags = BitConverter.ToUInt16(elf, entry.FlagsAt);
        if ((flags & Weak) != 0)
            return "already weak";

        var written = File.GetLastWriteTimeUtc(path);
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.Position = entry.FlagsAt;
            file.Write(BitConverter.GetBytes((ushort)(flags | Weak)), 0, 2);
        }
        File.SetLastWriteTimeUtc(path, written);
        return "patched";
    }

    internal static bool Contains(byte[] haystack, byte[] needle)
    {
        for (int start = Array.IndexOf(haystack, needle[0]); start >= 0 && start <= haystack.Length - needle.Length;
             start = Array.IndexOf(haystack, needle[0], start + 1))
        {
            int i = 1;
            while (i < needle.Length && haystack[start + i] == needle[i])
                i++;
            if (i == needle.Length)
                return true;
        }
        return false;
    }

    private static (string Name, int FlagsAt)[] Entries(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException($"expected a little-endian 64-bit ELF file, found class {elf[4]} and data encoding {elf[5]}");

        long sections = BitConverter.ToInt64(elf, 0x28);
        int size = BitConverter.ToUInt16(elf, 0x3a), count = BitConverter.ToUInt16(elf, 0x3c);
        long Field(int section, int offset) => BitConverter.ToInt64(elf, (int)(sections + section * size + offset));
        uint Type(int section) => BitConverter.ToUInt32(elf, (int)(sections + section * size + 4));
        uint Link(int section) => BitConverter.ToUInt32(elf, (int)(sections + section * size + 40));

        var found = Enumerable.Range(0, count).Where(s => Type(s) == VersionNeedSection).ToArray();
        if (found.Length == 0)
            return [];
        int needs = found[0];
        long strings = Field((int)Link(needs), 24);
        string Name(uint offset)
        {
            int start = (int)(strings + offset), end = Array.IndexOf(elf, (byte)0, start);
            return Encoding.ASCII.GetString(elf, start, end - start);
        }

        // Verneed: vn_version(2) vn_cnt(2) vn_file(4) vn_aux(4) vn_next(4); Vernaux: vna_hash(4) vna_flags(2) vna_other(2) vna_name(4) vna_next(4).
        var entries = new System.Collections.Generic.List<(string, int)>();
        for (long need = Field(needs, 24); ; )
        {
            int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
            long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
            for (int i = 0; i < auxCount; i++)
            {
                entries.Add((Name(BitConverter.ToUInt32(elf, (int)aux + 8)), (int)aux + 4));
                aux += BitConverter.ToUInt32(elf, (int)aux + 12);
            }
            uint next = BitConverter.ToUInt32(elf, (int)need + 12);
            if (next == 0)
                break;
            need += next;
        }
        return [.. entries];
    }
}
