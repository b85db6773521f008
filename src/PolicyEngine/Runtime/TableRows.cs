using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace PolicyEngine.Runtime;

/// <summary>
/// A table's rows by key. A key longer than every key of the table is answered without hashing it: a descriptor can
/// hold a very long string (the fuzzer's was 146 KB), and the counterfactual search looks it up thousands of times.
/// </summary>
public sealed class TableRows : IReadOnlyDictionary<string, Record>
{
    private readonly Dictionary<string, Record> _rows;
    private readonly int _longestKey;

    public TableRows(Dictionary<string, Record> rows)
    {
        _rows = rows;
        _longestKey = rows.Count == 0 ? -1 : rows.Keys.Max(k => k.Length);
    }

    public bool ContainsKey(string key) => key.Length <= _longestKey && _rows.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Record value)
    {
        if (key.Length > _longestKey)
        {
            value = null;
            return false;
        }
        return _rows.TryGetValue(key, out value);
    }

    public Record this[string key] => _rows[key];
    public IEnumerable<string> Keys => _rows.Keys;
    public IEnumerable<Record> Values => _rows.Values;
    public int Count => _rows.Count;
    public IEnumerator<KeyValuePair<string, Record>> GetEnumerator() => _rows.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
