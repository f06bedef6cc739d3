using Course.Display;

namespace Course.Tests.Display;

public class TableTests
{
    private sealed record Run(string Init, int Layer, double Std);

    [Fact]
    public void Records_become_columns_with_invariant_numbers_and_escaped_text()
    {
        using var _ = new CommaCulture();
        var table = Table.From([new Run("randn <raw>", 31, 1234.5), new Run("xavier", 100, 0.045)]);

        Assert.Equal(["Init", "Layer", "Std"], table.Headers);
        Assert.Equal(2, table.RowCount);
        Assert.Equal("1234.5", table.Cell(0, 2));

        var html = table.ToHtml();
        Assert.Contains("<th style=\"padding:2px 8px;border-bottom:1px solid #888\">Std</th>", html);
        Assert.Contains("randn &lt;raw&gt;", html);
        Assert.DoesNotContain("<raw>", html);
        Assert.Contains(">0.045</td>", html);
        Assert.Contains("text-align:right\">31</td>", html);
        Assert.DoesNotContain("1234,5", html);
    }

    [Fact]
    public void Plain_text_aligns_columns()
    {
        var text = new Table(["init", "std"], ["randn", 16.0], ["1/sqrt(n)", 1.0]).WithCaption("after 1 layer").ToString();
        Assert.Equal(
            """
            after 1 layer
            init       std
            ---------  ---
            randn       16
            1/sqrt(n)    1
            """.ReplaceLineEndings(), text);
    }

    [Fact]
    public void A_row_of_the_wrong_width_is_rejected_naming_the_columns()
    {
        var e = Assert.Throws<ArgumentException>(() => new Table(["a", "b"], [1, 2], [3]));
        Assert.Contains("Row 1 has 1 values but the table has 2 columns (a, b)", e.Message);
    }
}
