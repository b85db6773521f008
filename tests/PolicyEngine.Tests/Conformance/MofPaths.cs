namespace PolicyEngine.Tests.Conformance;

/// <summary>Where the repository and the shared MOF conformance data are, found by walking up from the test binaries.
/// The shared folder sits beside the repository (../shared) and is read in place, never copied.</summary>
internal static class MofPaths
{
    public static string RepositoryRoot { get; } = FindUp(d => File.Exists(Path.Combine(d, "PolicyEngine.sln")), "the repository root (PolicyEngine.sln)");

    public static string Pack => Path.Combine(RepositoryRoot, "rules", "mof");

    public static string Conformance { get; } =
        Path.Combine(FindUp(d => Directory.Exists(Path.Combine(d, "shared", "conformance", "mof")), "a folder holding shared/conformance/mof"), "shared", "conformance", "mof");

    public static string TestData => Path.Combine(Conformance, "test-data");

    private static string FindUp(Func<string, bool> found, string what)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (found(directory.FullName)) return directory.FullName;
        }
        throw new DirectoryNotFoundException($"Cannot find {what} above {AppContext.BaseDirectory}");
    }
}
