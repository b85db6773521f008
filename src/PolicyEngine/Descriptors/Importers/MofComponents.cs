namespace PolicyEngine.Descriptors.Importers;

/// <summary>One of the 17 Model Openness Framework components, as MOT's mof.settings.yml defines it.</summary>
public sealed record MofComponent(int Id, string Name, string ContentType, int Class, bool Required);

/// <summary>
/// The 17 MOF components (MOF, arXiv:2403.13784; MOT <c>web/modules/mof/config/install/mof.settings.yml</c>):
/// MOT's component ID, exact name, content type (code, data or document), the class that introduces the
/// component (classes are cumulative: I ⊃ II ⊃ III) and whether that class requires it.
/// </summary>
public static class MofComponents
{
    public static IReadOnlyList<MofComponent> All { get; } =
    [
        new(15, "Datasets", "data", 1, true),
        new(16, "Data preprocessing code", "code", 1, true),
        new(9, "Model architecture", "code", 3, true),
        new(10, "Model parameters (Final)", "data", 3, true),
        new(17, "Model metadata", "data", 1, false),
        new(24, "Model parameters (Intermediate)", "data", 1, true),
        new(7, "Training code", "code", 2, true),
        new(8, "Inference code", "code", 2, true),
        new(18, "Evaluation code", "code", 2, true),
        new(19, "Evaluation data", "data", 2, true),
        new(12, "Evaluation results", "document", 3, true),
        new(22, "Supporting libraries and tools", "code", 2, false),
        new(13, "Model card", "document", 3, true),
        new(14, "Data card", "document", 3, true),
        new(11, "Technical report", "document", 3, true),
        new(21, "Research paper", "document", 1, true),
        new(20, "Sample model outputs", "document", 3, false),
    ];

    private static readonly Dictionary<string, MofComponent> ByName = All.ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>The component with exactly this (case-sensitive) name, or null.</summary>
    public static MofComponent? Find(string? name) => name is not null && ByName.TryGetValue(name, out var c) ? c : null;

    /// <summary>MOT takes an entry whose name is not a component's as Datasets.</summary>
    public static MofComponent Datasets => ByName["Datasets"];
}
