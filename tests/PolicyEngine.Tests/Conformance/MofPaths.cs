namespace PolicyEngine.Tests.Conformance;

/// <summary>The MOF pack and the shared MOF conformance data (read in place from ../shared, never copied).</summary>
internal static class MofPaths
{
    public static string Pack => TestPaths.InRepository("rules", "mof");

    public static string Conformance { get; } = Path.Combine(TestPaths.Shared, "conformance", "mof");

    public static string TestData => Path.Combine(Conformance, "test-data");
}
