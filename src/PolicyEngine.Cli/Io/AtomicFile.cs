using PolicyEngine.Text;

namespace PolicyEngine.Cli.Io;

/// <summary>Writes a file through a temporary file in the same folder and a rename, so a failed or interrupted
/// run leaves the previous file intact and never a half-written one.</summary>
public static class AtomicFile
{
    /// <summary>Checks before any work is done that the file can be created there.</summary>
    public static string? CheckWritable(string path)
    {
        if (FilePaths.Full(path) is not { } full) return $"cannot write '{path}': it is not a valid file name";
        if (Directory.Exists(full)) return $"'{path}' is a directory";
        var directory = Path.GetDirectoryName(full);
        if (directory is null || !Directory.Exists(directory)) return $"cannot write '{path}': the folder '{Path.GetDirectoryName(path)}' does not exist";
        var probe = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.probe");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write '{path}': {e.Message}";
        }
    }

    public static void Write(string path, Action<TextWriter> write)
    {
        var full = FilePaths.Full(path) ?? throw new IOException($"cannot write '{path}': it is not a valid file name");
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false)) { NewLine = "\n" })
            {
                write(writer);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temporary); } catch (IOException) { }
            throw;
        }
    }
}
