namespace PolicyEngine.LanguageServer;

/// <summary>Document URIs to file paths and back. Only file: URIs have a folder (and so a pack and imports).</summary>
internal static class DocumentUris
{
    public static bool TryGetFilePath(string uri, out string path)
    {
        if (Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile)
        {
            path = Path.GetFullPath(parsed.LocalPath);
            return true;
        }
        path = "";
        return false;
    }

    public static string FromFilePath(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;
}
