namespace PolicyEngine.Runtime;

/// <summary>Dates are carried as a day number (days since 0001-01-01) so that date arithmetic is addition.</summary>
public static class DateValue
{
    public static double FromDate(DateOnly date) => date.DayNumber;

    public static DateOnly ToDate(double dayNumber) => DateOnly.FromDayNumber((int)dayNumber);

    public static string Format(double dayNumber) => ToDate(dayNumber).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static bool TryParse(string text, out double dayNumber)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
        {
            dayNumber = date.DayNumber;
            return true;
        }
        dayNumber = double.NaN;
        return false;
    }

    /// <summary>Calendar arithmetic for months and years (<c>release.date + 6 months</c>).</summary>
    public static double AddMonths(double dayNumber, double months)
    {
        if (double.IsNaN(dayNumber) || double.IsNaN(months)) return double.NaN;
        if (months != Math.Floor(months) || Math.Abs(months) > 120000) throw new PolicyRuntimeException($"cannot add {Values.Format(months)} months to a date");
        try
        {
            return ToDate(dayNumber).AddMonths((int)months).DayNumber;
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new PolicyRuntimeException("the date falls outside the calendar (years 1 to 9999)");
        }
    }

    public static double AddDays(double dayNumber, double days)
    {
        if (double.IsNaN(dayNumber) || double.IsNaN(days)) return double.NaN;
        if (days != Math.Floor(days)) throw new PolicyRuntimeException($"a date moves by whole days, not {Values.Format(days)}");
        var result = dayNumber + days;
        if (result < 0 || result > DateOnly.MaxValue.DayNumber) throw new PolicyRuntimeException("the date falls outside the calendar (years 1 to 9999)");
        return result;
    }
}
