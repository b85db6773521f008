namespace PolicyEngine.Text;

/// <summary>Paths written inside policies (imports, tables, test descriptors) and given on the command line. A path
/// may hold characters no file system accepts (a NUL); those name no file, and must not throw.</summary>
public static class FilePaths
{
    /// <summary>The full path, or null when the text is not a valid path.</summary>
    public static string? Full(string path)
    {
        if (path.Contains('\0', StringComparison.Ordinal)) return null;
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or PathTooLongException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The full path of <paramref name="relative"/> in the folder of <paramref name="file"/>, or null when either is not a valid path.</summary>
    public static string? Beside(string file, string relative)
    {
        var self = Full(file);
        if (self is null || relative.Contains('\0', StringComparison.Ordinal)) return null;
        return Full(Path.Combine(Path.GetDirectoryName(self) ?? ".", relative));
    }
}
