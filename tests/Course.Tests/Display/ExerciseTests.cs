using Course.Display;

namespace Course.Tests.Display;

public class ExerciseTests
{
    [Fact]
    public void A_right_number_within_tolerance_passes()
    {
        var feedback = Exercise.Check("std of a sum of 256 unit-variance terms", 16.004, 16, tolerance: 0.01);
        Assert.True(feedback.Passed);
        Assert.StartsWith("✓ Correct", feedback.ToString());
    }

    [Fact]
    public void A_wrong_number_is_marked_with_the_hint_without_throwing_or_revealing_the_answer()
    {
        var feedback = Exercise.Check("std of a sum of 256 unit-variance terms", 256, 16, tolerance: 0.01, hint: "std is the square root of the variance");
        Assert.False(feedback.Passed);
        Assert.Equal("✗ Not yet · std of a sum of 256 unit-variance terms: your answer 256 is not right yet. Hint: std is the square root of the variance", feedback.ToString());
        Assert.Contains("#bc4c00", feedback.ToHtml());
        Assert.DoesNotContain("16", feedback.Message);
    }

    [Fact]
    public void A_function_answer_is_named_as_such_not_by_its_type()
    {
        Func<double, double> square = x => x * x;
        Assert.Equal("✓ Correct · square: (your function) passes the check.", Exercise.Check("square", square, f => f(3) == 9).ToString());
        Assert.Contains("your answer (your function) is not right yet", Exercise.Check("cube", square, f => f(2) == 8).ToString());
    }

    [Fact]
    public void No_answer_yet_is_not_yet()
    {
        var feedback = Exercise.Check("anything", answer: null, expected: 1, tolerance: 0);
        Assert.False(feedback.Passed);
        Assert.Contains("no answer yet", feedback.ToString());
        Assert.False(Exercise.Check("anything", double.NaN, 1, 0.1).Passed);
    }

    [Fact]
    public void A_predicate_checks_answers_of_any_type_and_a_crashing_check_is_feedback()
    {
        Assert.True(Exercise.Check("an init that survives 100 layers", "he", s => s == "he").Passed);
        Assert.False(Exercise.Check("a positive learning rate", -0.1, lr => lr > 0, hint: "it must be > 0").Passed);

        var crashed = Exercise.Check("first layer index", Array.Empty<int>(), a => a[0] == 31);
        Assert.False(crashed.Passed);
        Assert.Contains("failed", crashed.Message);
    }
}
