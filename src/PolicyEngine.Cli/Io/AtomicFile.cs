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

    /// <summary>A file being written: <see cref="Commit"/> renames it into place; disposing without committing discards it.</summary>
    public sealed class Pending : IDisposable
    {
        private readonly string _target;
        private readonly string _temporary;
        private readonly FileStream _stream;
        private bool _committed;

        internal Pending(string target)
        {
            _target = Path.GetFullPath(target);
            _temporary = Path.Combine(Path.GetDirectoryName(_target)!, $".{Path.GetFileName(_target)}.{Guid.NewGuid():N}.tmp");
            _stream = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write);
            Writer = new StreamWriter(_stream, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        }

        public TextWriter Writer { get; }

        public void Commit()
        {
            Writer.Flush();
            _stream.Flush(flushToDisk: true);
            Writer.Dispose();
            File.Move(_temporary, _target, overwrite: true);
            _committed = true;
        }

        public void Dispose()
        {
            if (_committed) return;
            Writer.Dispose();
            try { File.Delete(_temporary); } catch (IOException) { }
        }
    }

    public static Pending Begin(string path) => new(path);
}
