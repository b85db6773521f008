using System.Text.RegularExpressions;
using PolicyEngine.Descriptors;
using PolicyEngine.Diagnostics;
using PolicyEngine.Schema;
using PolicyEngine.Text;

namespace PolicyEngine.Cli.Io;

/// <summary>One descriptor to evaluate: where it came from, and how to load it.</summary>
public sealed record DescriptorInput(string Path, Func<DescriptorLoadResult> Load);

/// <summary>Turns the command line's descriptor arguments into descriptors: files, folders, globs, <c>-</c> for
/// standard input (JSON, JSON Lines or YAML), and .jsonl files (one descriptor per line).</summary>
public static class DescriptorInputs
{
    private static readonly string[] Extensions = [".json", ".yaml", ".yml", ".jsonl"];

    /// <summary>The inputs, lazily: .jsonl batches are read as they are consumed.</summary>
    public static IEnumerable<DescriptorInput> Expand(IEnumerable<string> arguments, Func<TextReader> stdin, List<Diagnostic> diagnostics, Limits? limits = null,
        DescriptorSchema? schema = null)
    {
        limits ??= Limits.Default;
        foreach (var argument in arguments)
        {
            foreach (var input in ExpandOne(argument, stdin, diagnostics, limits, schema)) yield return input;
        }
    }

    private static IEnumerable<DescriptorInput> ExpandOne(string argument, Func<TextReader> stdin, List<Diagnostic> diagnostics, Limits limits, DescriptorSchema? schema)
    {
        IEnumerable<DescriptorInput> FileInputs(string path) => FromFile(path, limits, schema);
        if (argument == "-")
        {
            if (ReadBounded(stdin(), limits.MaxFileBytes) is { } text) return FromText(text, "-", limits, schema);
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.FileTooLarge, new Location(new SourceText("", "-"), default), "-", $"more than {limits.MaxFileBytes}", limits.MaxFileBytes));
            return [];
        }
        if (argument.IndexOfAny(['*', '?']) >= 0)
        {
            var matches = Glob(argument).ToList();
            if (matches.Count == 0) diagnostics.Add(Error(argument, "no file matches this pattern"));
            return matches.SelectMany(FileInputs);
        }
        if (Directory.Exists(argument))
        {
            var files = Directory.EnumerateFiles(argument, "*", SearchOption.AllDirectories)
                .Where(f => Extensions.Contains(System.IO.Path.GetExtension(f).ToLowerInvariant()) &&
                            !System.IO.Path.GetFileName(f).Equals(Configuration.PolicyConfiguration.FileName, StringComparison.OrdinalIgnoreCase))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0) diagnostics.Add(Error(argument, "the folder has no .json, .yaml, .yml or .jsonl descriptors"));
            return files.SelectMany(FileInputs);
        }
        return FileInputs(argument);
    }

    private static Diagnostic Error(string path, string reason) =>
        Diagnostic.Create(DiagnosticDescriptors.DescriptorUnreadable, new Location(new SourceText("", path), default), path, reason);

    /// <summary>Reads a stream to its end, or returns null as soon as it is longer than the limit (in characters,
    /// which are never more than its UTF-8 bytes), so a huge standard input is refused without being held.</summary>
    private static string? ReadBounded(TextReader reader, long maxChars)
    {
        var text = new System.Text.StringBuilder();
        var buffer = new char[81920];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (text.Length + (long)read > maxChars) return null;
            text.Append(buffer, 0, read);
        }
        return text.ToString();
    }

    public static bool IsBatch(string argument) => argument.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<DescriptorInput> FromFile(string path, Limits limits, DescriptorSchema? schema)
    {
        if (!IsBatch(path))
        {
            yield return new DescriptorInput(path, () => DescriptorLoader.LoadFile(path, schema, limits));
            yield break;
        }
        if (!File.Exists(path))
        {
            yield return new DescriptorInput(path, () => new DescriptorLoadResult(null, [Error(path, "file not found")]));
            yield break;
        }
        // A batch is read line by line as it is evaluated, so memory stays flat however long it is. Lines stay UTF-8
        // bytes, which the fast loader reads directly; each line is one descriptor, held to the size limit.
        FileStream stream;
        string? failure = null;
        try { stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stream = null!;
            failure = e.Message;
        }
        if (failure is not null)
        {
            yield return new DescriptorInput(path, () => new DescriptorLoadResult(null, [Error(path, failure)]));
            yield break;
        }
        using (stream)
        {
            var number = 0;
            foreach (var (line, length) in ByteLines(stream, limits.MaxFileBytes))
            {
                number++;
                var label = $"{path}:{number}";
                if (line is null)
                {
                    var size = length;
                    yield return new DescriptorInput(label, () => new DescriptorLoadResult(null,
                        [Diagnostic.Create(DiagnosticDescriptors.FileTooLarge, new Location(new SourceText("", label), default), label, size, limits.MaxFileBytes)]));
                    continue;
                }
                if (IsBlank(line)) continue;
                yield return new DescriptorInput(label, () => DescriptorLoader.LoadFast(line, label, schema, limits));
            }
        }
    }

    private static bool IsBlank(byte[] line)
    {
        foreach (var b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
        }
        return true;
    }

    /// <summary>The lines of a stream as bytes, without their line break (a BOM at the start is dropped). A line longer
    /// than <paramref name="maxLine"/> bytes comes as (null, its length) and is skipped without being held.</summary>
    public static IEnumerable<(byte[]? Line, long Length)> ByteLines(Stream stream, long maxLine)
    {
        var buffer = new byte[64 * 1024];
        int start = 0, end = 0;
        var first = true;
        long skipped = -1; // ≥ 0 while skipping the rest of an over-long line: its length so far
        while (true)
        {
            var newline = end > start ? Array.IndexOf(buffer, (byte)'\n', start, end - start) : -1;
            if (newline >= 0)
            {
                if (skipped >= 0)
                {
                    yield return (null, skipped + newline - start);
                    skipped = -1;
                }
                else
                {
                    yield return (Slice(buffer, start, newline, ref first), 0);
                }
                start = newline + 1;
                continue;
            }
            if (skipped >= 0)
            {
                skipped += end - start;
                start = end = 0;
            }
            else if (end - start > maxLine)
            {
                skipped = end - start;
                start = end = 0;
            }
            else if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            var read = stream.Read(buffer, end, buffer.Length - end);
            if (read == 0)
            {
                if (skipped >= 0) yield return (null, skipped);
                else if (end > start) yield return (Slice(buffer, start, end, ref first), 0);
                yield break;
            }
            end += read;
        }
    }

    private static byte[] Slice(byte[] buffer, int start, int end, ref bool first)
    {
        if (first && end - start >= 3 && buffer[start] == 0xEF && buffer[start + 1] == 0xBB && buffer[start + 2] == 0xBF) start += 3;
        first = false;
        if (end > start && buffer[end - 1] == (byte)'\r') end--;
        return buffer.AsSpan(start, end - start).ToArray();
    }

    /// <summary>Standard input: one JSON document, JSON Lines, or YAML.</summary>
    private static IEnumerable<DescriptorInput> FromText(string text, string name, Limits limits, DescriptorSchema? schema)
    {
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (!trimmed.StartsWith('{')) return [new DescriptorInput(name, () => DescriptorLoader.Load(text, "-.yaml", schema, limits))];
        var lines = text.Split('\n').Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count > 1 && lines.All(l => l.TrimStart().StartsWith('{') && l.TrimEnd().EndsWith('}')))
            return Lines(text, name, limits, schema);
        return [new DescriptorInput(name, () => DescriptorLoader.Load(text, "-", schema, limits))];
    }

    private static IEnumerable<DescriptorInput> Lines(string text, string path, Limits limits, DescriptorSchema? schema)
    {
        var number = 0;
        foreach (var line in text.Split('\n'))
        {
            number++;
            if (line.Trim().Length == 0) continue;
            var label = $"{path}:{number}";
            var content = line.TrimEnd('\r');
            yield return new DescriptorInput(label, () => DescriptorLoader.Load(content, label, schema, limits));
        }
    }

    /// <summary>A small glob: * within a path segment, ** across segments, ? for one character.</summary>
    public static IEnumerable<string> Glob(string pattern)
    {
        var normalised = pattern.Replace('\\', '/');
        var firstWildcard = normalised.IndexOfAny(['*', '?']);
        var slash = normalised.LastIndexOf('/', firstWildcard);
        var root = slash < 0 ? "." : normalised[..slash];
        if (root.Length == 0) root = "/";
        if (!Directory.Exists(root)) return [];
        var regex = new Regex("^" + Regex.Escape(normalised)
            .Replace(@"\*\*/", "(.*/)?").Replace(@"\*\*", ".*").Replace(@"\*", "[^/]*").Replace(@"\?", "[^/]") + "$",
            // Linear time whatever the pattern: '**/***/***/…' made the backtracking engine hang.
            RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => slash < 0 ? System.IO.Path.GetRelativePath(".", f).Replace('\\', '/') : f.Replace('\\', '/'))
            .Where(f => regex.IsMatch(f))
            .OrderBy(f => f, StringComparer.Ordinal);
    }
}
