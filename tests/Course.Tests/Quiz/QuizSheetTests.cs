namespace Course.Tests.Quiz;

using Course.Quiz;

public class QuizSheetTests
{
    [Fact]
    public void An_empty_sheet_scores_nothing_and_shows_no_answer()
    {
        var score = new QuizSheet().Score();
        Assert.Equal((15, 0, 0), (score.Total, score.Answered, score.Correct));
        Assert.Equal(Enumerable.Range(1, 15), score.ToRevisit);
        Assert.All(Course.Quiz.Quiz.Questions, q => Assert.DoesNotContain(q.Explanation, score.ToHtml()));
        Assert.Equal("0 of 15 correct (0 answered); go back to 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15", score.ToString());
    }

    [Fact]
    public void The_sheet_keeps_the_latest_answer_and_an_empty_one_takes_it_back()
    {
        var sheet = new QuizSheet();
        Assert.False(sheet.Answer(14, "C").Correct);
        Assert.True(sheet.Answer(14, "d, c").Correct);     // answered again: the second answer counts
        Assert.True(sheet.Answer(3, "C").Correct);
        Assert.False(sheet.Answer(1, "A").Correct);
        sheet.Answer(15, "C");
        sheet.Answer(15, "");                               // taken back
        var score = sheet.Score();

        Assert.Equal((3, 2), (score.Answered, score.Correct));
        Assert.DoesNotContain(3, score.ToRevisit);
        Assert.Contains(1, score.ToRevisit);
        Assert.Contains(15, score.ToRevisit);
        var table = score.ToDataFrame();
        Assert.Equal(15, table.Rows.Count);
        Assert.Equal("d, c", table["your answer"][13]);
        Assert.Equal("✓ correct", table["verdict"][13]);
        Assert.Equal("✗ not quite", table["verdict"][0]);
        Assert.Equal("not answered", table["verdict"][14]);
        Assert.Equal("06-vanishing-and-exploding-gradients", table["taught in"][0]);
        Assert.Equal("07-overfitting-and-regularization", table["taught in"][12]);
        Assert.Contains("<b>2 of 15</b> correct (3 answered)", score.ToHtml());
    }

    [Fact]
    public void A_question_outside_the_quiz_is_refused_by_the_sheet_too() =>
        Assert.Contains("1 to 15", Assert.Throws<ArgumentOutOfRangeException>(() => new QuizSheet().Answer(0, "A")).Message);
}
