namespace PolicyEngine.Runtime;

/// <summary>Quantifiers over lists in Kleene logic. A missing list is unknown; so is any element that is.
/// When a tracer is given, each element's result is recorded for the explanation.</summary>
public static class Quantifiers
{
    public static Tri Any<T>(T[]? items, Func<T, Tri> body, Tracer? tracer, int id)
    {
        if (items is null) return Tri.Unknown;
        var result = Tri.False;
        for (var i = 0; i < items.Length; i++)
        {
            var value = body(items[i]);
            tracer?.Element(id, i, value);
            if (value == Tri.True) return Tri.True;
            if (value == Tri.Unknown) result = Tri.Unknown;
        }
        return result;
    }

    public static Tri All<T>(T[]? items, Func<T, Tri> body, Tracer? tracer, int id)
    {
        if (items is null) return Tri.Unknown;
        var result = Tri.True;
        for (var i = 0; i < items.Length; i++)
        {
            var value = body(items[i]);
            tracer?.Element(id, i, value);
            if (value == Tri.False) return Tri.False;
            if (value == Tri.Unknown) result = Tri.Unknown;
        }
        return result;
    }

    public static Tri None<T>(T[]? items, Func<T, Tri> body, Tracer? tracer, int id) => Kleene.Not(Any(items, body, tracer, id));

    public static double Count<T>(T[]? items, Func<T, Tri> body, Tracer? tracer, int id)
    {
        if (items is null) return double.NaN;
        var count = 0;
        var unknown = false;
        for (var i = 0; i < items.Length; i++)
        {
            var value = body(items[i]);
            tracer?.Element(id, i, value);
            if (value == Tri.True) count++;
            else if (value == Tri.Unknown) unknown = true;
        }
        return unknown ? double.NaN : count;
    }

    public static double Sum<T>(T[]? items, Func<T, double> body, Tracer? tracer, int id)
    {
        if (items is null) return double.NaN;
        var sum = 0.0;
        for (var i = 0; i < items.Length; i++)
        {
            var value = body(items[i]);
            tracer?.Element(id, i, value);
            sum += value;
        }
        return sum;
    }
}
