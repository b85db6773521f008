namespace PolicyEngine.Runtime;

/// <summary>A Kleene truth value: a missing fact makes a condition <see cref="Unknown"/>, never silently false.</summary>
public enum Tri : byte
{
    False = 0,
    True = 1,
    Unknown = 2,
}

public static class TriExtensions
{
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static Tri ToTri(this bool value) => value ? Tri.True : Tri.False;

    public static string Text(this Tri value) => value switch
    {
        Tri.True => "true",
        Tri.False => "false",
        _ => "unknown",
    };
}
