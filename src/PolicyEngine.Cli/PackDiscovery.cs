using PolicyEngine.Compilation;

namespace PolicyEngine.Cli;

/// <summary>Finds packs under a path: a .policy file, a folder of them, or a tree of pack folders (rules/).</summary>
public static class PackDiscovery
{
    public static IReadOnlyList<string> Find(string path)
    {
        if (!Directory.Exists(path)) return [path];
        var packs = new List<string>();
        Walk(path);
        return packs.Count == 0 ? [path] : packs;

        void Walk(string directory)
        {
            if (PolicyCompiler.PackFiles(directory).Count > 0) packs.Add(directory);
            foreach (var sub in Directory.GetDirectories(directory).OrderBy(d => d, StringComparer.Ordinal)) Walk(sub);
        }
    }
}
