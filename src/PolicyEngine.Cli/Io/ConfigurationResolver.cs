using PolicyEngine.Configuration;
using PolicyEngine.Descriptors;
using PolicyEngine.Diagnostics;

namespace PolicyEngine.Cli.Io;

/// <summary>The configuration for each descriptor: the one given with --config, or the nearest policyengine.json
/// beside it (for a line of a .jsonl batch, beside the batch), each file loaded once. Safe to call from many threads.</summary>
public sealed class ConfigurationResolver
{
    private readonly PolicyConfiguration? _fixed;
    private readonly List<Diagnostic> _diagnostics;
    private readonly Dictionary<string, PolicyConfiguration> _loaded = new(StringComparer.Ordinal);
    // The configuration file found for each folder: a batch of 100,000 lines would otherwise look for it 100,000 times.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> _foundByFolder = new(StringComparer.Ordinal);

    public ConfigurationResolver(PolicyConfiguration? fixedConfiguration, List<Diagnostic> diagnostics)
    {
        _fixed = fixedConfiguration;
        _diagnostics = diagnostics;
    }

    public IEnumerable<PolicyConfiguration> Loaded
    {
        get
        {
            lock (_loaded) return _loaded.Values.Append(_fixed).OfType<PolicyConfiguration>().Distinct().ToList();
        }
    }

    public PolicyConfiguration For(Descriptor descriptor)
    {
        if (_fixed is not null) return _fixed;
        var path = descriptor.Path.Contains(".jsonl:", StringComparison.Ordinal) ? descriptor.Path[..descriptor.Path.LastIndexOf(':')] : descriptor.Path;
        // Standard input ("-") has no folder and no configuration of its own; it must not share the current folder's entry.
        var folder = path == "-" ? "\0-" : Path.GetDirectoryName(path) ?? "";
        var found = _foundByFolder.GetOrAdd(folder, _ => PolicyConfiguration.FindFor(path));
        if (found is null) return PolicyConfiguration.Empty;
        lock (_loaded)
        {
            if (_loaded.TryGetValue(found, out var cached)) return cached;
            var (configuration, diagnostics) = PolicyConfiguration.Load(found);
            lock (_diagnostics) _diagnostics.AddRange(diagnostics);
            return _loaded[found] = configuration ?? PolicyConfiguration.Empty;
        }
    }
}
