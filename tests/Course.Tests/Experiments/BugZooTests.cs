using Course.Diagnostics;
using Course.Experiments;
using TorchSharp;
using Xunit.Abstractions;

namespace Course.Tests.Experiments;

/// <summary>The doctor on every setup of the zoo: the planted bug's code on top, nothing above info for a healthy setup.</summary>
public class BugZooTests(ITestOutputHelper output)
{
    private static readonly Lazy<BugZoo> s_zoo = new(() => new BugZoo(Digits.All));

    public static TheoryData<string> Cases() => new(s_zoo.Value.Cases.Select(c => c.Name));

    [Fact]
    public void The_zoo_has_at_least_fifteen_broken_and_five_healthy_setups_each_planted_bug_a_doctor_code()
    {
        var zoo = s_zoo.Value;
        Assert.True(zoo.Broken.Count() >= 15, $"{zoo.Broken.Count()} broken setups");
        Assert.True(zoo.HealthyCases.Count() >= 5, $"{zoo.HealthyCases.Count()} healthy setups");
        foreach (var c in zoo.Broken)
            Assert.Equal(c.Planted, Codes.Of(c.Planted!).Code);
        Assert.Equal(zoo.Cases.Count, zoo.Cases.Select(c => c.Name).Distinct().Count());
        // Checklist sections 0 to IV each have a planted bug.
        Assert.Equal(["0", "I", "II", "III", "IV"], zoo.Broken.Select(c => c.Section).Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_doctor_names_the_planted_bug_first_and_finds_nothing_wrong_with_a_healthy_setup(string name)
    {
        var zoo = s_zoo.Value;
        var setup = zoo[name];
        var diagnosis = setup.Examine();
        output.WriteLine(diagnosis.ToString());
        if (setup.Healthy)
            Assert.True(diagnosis.Healthy, diagnosis.ToString());
        else
        {
            Assert.Equal(setup.Planted, diagnosis.Top?.Code);
            Assert.True(diagnosis.Top!.Severity >= Severity.Warning, diagnosis.Top.ToString());
            Assert.NotEmpty(diagnosis.Top!.Mitigations);
            Assert.Matches("[0-9]", diagnosis.Top.Evidence);
        }
        Assert.True(setup.Diagnosed(diagnosis));
    }

    [Fact]
    public void A_diagnosis_leaves_no_tensor_behind()
    {
        var setup = s_zoo.Value["hand-written tanh backward"];
        setup.Examine(steps: 20);
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        setup.Examine(steps: 20);
        s_zoo.Value["placeholder input layer"].Examine(steps: 20);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void The_zoo_table_has_one_row_per_case_with_the_top_finding()
    {
        var zoo = s_zoo.Value;
        var cases = new[] { zoo["mnist mlp"], zoo["pixels 0 to 255"] };
        var table = BugZoo.Table(cases.Select(c => (c, c.Examine(steps: 40))));
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("none", table["planted bug"][0]);
        Assert.StartsWith(Codes.InputsNotNormalized, (string)table["top finding"][1]);
        Assert.Equal(true, table["diagnosed"][1]);
    }

    [Fact]
    public void Asking_for_a_setup_the_zoo_lacks_lists_the_ones_it_has() =>
        Assert.Contains("mnist mlp", Assert.Throws<KeyNotFoundException>(() => s_zoo.Value["no such setup"]).Message);
}
