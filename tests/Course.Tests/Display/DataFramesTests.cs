using Course.Display;
using Course.Experiments;
using Microsoft.Data.Analysis;

namespace Course.Tests.Display;

public class DataFramesTests
{
    [Fact]
    public void Significant_rounds_double_columns_to_the_given_digits_and_keeps_the_others()
    {
        var frame = new DataFrame(new StringDataFrameColumn("name", ["a", "b", "c", "d"]),
            new DoubleDataFrameColumn("value", [0.9962722321990626, 1.2328075710898862e12, -0.000123456, double.NaN]));
        var rounded = frame.Significant(3);
        Assert.Equal(["a", "b", "c", "d"], rounded["name"].Cast<string>());
        Assert.Equal([0.996, 1.23e12, -0.000123, double.NaN], rounded["value"].Cast<double?>().Select(v => v!.Value));
        Assert.Throws<ArgumentOutOfRangeException>(() => frame.Significant(0));
    }

    [Fact]
    public void A_spread_table_has_one_row_per_measurement()
    {
        var table = Seeds.SpreadTable(("a", [1.0, 2, 3]), ("b", [10.0, 20]));
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal(2.0, table["median"][0]);
        Assert.Equal(15.0, table["median"][1]);
        Assert.Equal(3, table["seeds"][0]);
    }
}
