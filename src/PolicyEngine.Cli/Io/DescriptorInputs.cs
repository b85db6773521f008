using System.Text.RegularExpressions;
using PolicyEngine.Descriptors;
using PolicyEngine.Diagnostics;
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
    public static IEnumerable<DescriptorInput> Expand(IEnumerable<string> arguments, Func<TextReader> stdin, List<Diagnostic> diagnostics, Limits? limits = null)
    {
        limits ??= Limits.Default;
        foreach (var argument in arguments)
        {
            foreach (var input in ExpandOne(argument, stdin, diagnostics, limits)) yield return input;
        }
    }

    private static IEnumerable<DescriptorInput> ExpandOne(string argument, Func<TextReader> stdin, List<Diagnostic> diagnostics, Limits limits)
    {
        IEnumerable<DescriptorInput> FileInputs(string path) => FromFile(path, limits);
        if (argument == "-")
        {
            if (ReadBounded(stdin(), limits.MaxFileBytes) is { } text) return FromText(text, "-", limits);
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

    private static IEnumerable<DescriptorInput> FromFile(string path, Limits limits)
    {
        if (!IsBatch(path))
        {
            yield return new DescriptorInput(path, () => DescriptorLoader.LoadFile(path, limits: limits));
            yield break;
        }
        if (!File.Exists(path))
        {
            yield return new DescriptorInput(path, () => new DescriptorLoadResult(null, [Error(path, "file not found")]));
            yield break;
        }
        // A batch is read line by line as it is evaluated, so memory stays flat however long it is.
        var number = 0;
        using var reader = new StreamReader(path, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        while (true)
        {
            string? line;
            string? failure = null;
            try { line = reader.ReadLine(); }
            catch (Exception e) when (e is IOException or System.Text.DecoderFallbackException)
            {
                line = null;
                failure = e is System.Text.DecoderFallbackException ? $"line {number + 1} is not valid UTF-8" : e.Message;
            }
            if (failure is not null)
            {
                yield return new DescriptorInput(path, () => new DescriptorLoadResult(null, [Error(path, failure)]));
                yield break;
            }
            if (line is null) yield break;
            number++;
            if (line.Trim().Length == 0) continue;
            var label = $"{path}:{number}";
            var content = line;
            yield return new DescriptorInput(label, () => DescriptorLoader.Load(content, label, limits: limits));
        }
    }

    /// <summary>Standard input: one JSON document, JSON Lines, or YAML.</summary>
    private static IEnumerable<DescriptorInput> FromText(string text, string name, Limits limits)
    {
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (!trimmed.StartsWith('{')) return [new DescriptorInput(name, () => DescriptorLoader.Load(text, "-.yaml", limits: limits))];
        var lines = text.Split('\n').Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count > 1 && lines.All(l => l.TrimStart().StartsWith('{') && l.TrimEnd().EndsWith('}')))
            return Lines(text, name, limits);
        return [new DescriptorInput(name, () => DescriptorLoader.Load(text, "-", limits: limits))];
    }

    private static IEnumerable<DescriptorInput> Lines(string text, string path, Limits limits)
    {
        var number = 0;
        foreach (var line in text.Split('\n'))
        {
            number++;
            if (line.Trim().Length == 0) continue;
            var label = $"{path}:{number}";
            var content = line.TrimEnd('\r');
            yield return new DescriptorInput(label, () => DescriptorLoader.Load(content, label, limits: limits));
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
            .Replace(@"\*\*/", "(.*/)?").Replace(@"\*\*", ".*").Replace(@"\*", "[^/]*").Replace(@"\?", "[^/]") + "$", RegexOptions.CultureInvariant);
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => slash < 0 ? System.IO.Path.GetRelativePath(".", f).Replace('\\', '/') : f.Replace('\\', '/'))
            .Where(f => regex.IsMatch(f))
            .OrderBy(f => f, StringComparer.Ordinal);
    }
}
