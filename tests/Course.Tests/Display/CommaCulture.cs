using System.Globalization;

namespace Course.Tests.Display;

/// <summary>
/// Runs a test under a culture that writes 3.5 as "3,5" (as German does). The build uses invariant
/// globalization, where "de-DE" cannot be created, so the culture is made by hand: what matters is
/// the decimal comma, which is what breaks JSON and tables written with the current culture.
/// </summary>
public sealed class CommaCulture : IDisposable
{
    private readonly CultureInfo previous = CultureInfo.CurrentCulture;

    public CommaCulture()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        CultureInfo.CurrentCulture = culture;
        Assert.Equal("3,5", 3.5.ToString(CultureInfo.CurrentCulture));
    }

    public void Dispose() => CultureInfo.CurrentCulture = previous;
}
