using Microsoft.Data.Analysis;

namespace Course.Display;

/// <summary>What the lessons do to a DataFrame before showing it.</summary>
public static class DataFrames
{
    /// <summary>
    /// A copy with every double column rounded to <paramref name="digits"/> significant digits, so a table reads at a
    /// glance (0.9962722321990626 shows as 0.9963, 1.2328e12 stays 1.233e12). Other columns are kept as they are.
    /// </summary>
    public static DataFrame Significant(this DataFrame frame, int digits = 4)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (digits is < 1 or > 15)
            throw new ArgumentOutOfRangeException(nameof(digits), $"Significant digits lie between 1 and 15, but {digits} came.");
        return new DataFrame(frame.Columns.Select(column => column is DoubleDataFrameColumn numbers
            ? new DoubleDataFrameColumn(column.Name, numbers.Select(v => v is double d ? Round(d, digits) : (double?)null))
            : column.Clone()));
    }

    internal static double Round(double value, int digits)
    {
        if (value == 0 || !double.IsFinite(value))
            return value;
        double scale = Math.Pow(10, digits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(value))));
        return double.IsFinite(scale) && scale > 0 ? Math.Round(value * scale) / scale : value;
    }
}
