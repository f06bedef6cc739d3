namespace Course.Tests.Quiz;

using Course.Quiz;
using Quiz = Course.Quiz.Quiz;

public class QuizTests
{
    [Fact]
    public void There_are_fifteen_questions_numbered_in_order_each_with_an_explanation()
    {
        Assert.Equal(15, Quiz.Questions.Count);
        Assert.Equal(Enumerable.Range(1, 15), Quiz.Questions.Select(q => q.Number));
        Assert.All(Quiz.Questions, q => Assert.True(q.Explanation.Length > 100, $"question {q.Number} explanation is too short"));
    }

    [Fact]
    public void Every_correct_letter_is_one_of_the_options()
    {
        Assert.All(Quiz.Questions, q =>
        {
            Assert.NotEmpty(q.Correct);
            Assert.All(q.Correct, letter => Assert.InRange(letter - 'A', 0, q.Options.Count - 1));
        });
    }

    [Theory]
    [InlineData(1, "D")]
    [InlineData(2, "A, B")]
    [InlineData(3, "C")]
    [InlineData(4, "C")]
    [InlineData(5, "A")]
    [InlineData(6, "E, F, G")]
    [InlineData(7, "A, E")]
    [InlineData(8, "B, C")]
    [InlineData(9, "A")]
    [InlineData(10, "C, D")]
    [InlineData(11, "A")]
    [InlineData(12, "B")]
    [InlineData(13, "B, C, D, F")]
    [InlineData(14, "C, D")]
    [InlineData(15, "C")]
    public void The_answers_are_those_of_the_course_quiz(int number, string answer)
    {
        Assert.Equal(answer, string.Join(", ", Quiz.Question(number).Correct));
        Assert.True(Quiz.Answer(number, answer).Correct);
    }

    [Theory]
    [InlineData("C, D")]
    [InlineData("d,c")]
    [InlineData("  c   D ")]
    [InlineData("CD")]
    [InlineData("D; C")]
    [InlineData("c, d, c")]
    public void Grading_ignores_order_case_spaces_and_separators(string answer)
    {
        Assert.True(Quiz.Answer(14, answer).Correct);
    }

    [Theory]
    [InlineData("C")]
    [InlineData("A, B")]
    [InlineData("C, D, E")]
    public void Wrong_or_incomplete_answers_are_marked_not_quite_without_throwing(string answer)
    {
        var feedback = Quiz.Answer(14, answer);
        Assert.False(feedback.Correct);
        Assert.StartsWith("✗ Not quite", feedback.ToString());
        Assert.Contains(feedback.Question.Explanation, feedback.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_answer_is_not_yet_and_shows_the_question_without_the_answer(string answer)
    {
        var feedback = Quiz.Answer(14, answer);
        Assert.False(feedback.Correct);
        Assert.False(feedback.Answered);
        foreach (var shown in new[] { feedback.ToString(), feedback.ToHtml() })
        {
            Assert.StartsWith("Not yet", System.Text.RegularExpressions.Regex.Replace(shown, "<[^>]+>", ""));
            Assert.Contains("The scale γ", shown);
            Assert.DoesNotContain("the answer is", shown);
            Assert.DoesNotContain(feedback.Question.Explanation[..40], shown);
        }
    }

    [Fact]
    public void A_letter_that_is_not_an_option_is_explained()
    {
        var feedback = Quiz.Answer(14, "C, Z");
        Assert.False(feedback.Correct);
        Assert.Equal("\"Z\" is not one of the options A..E", feedback.Problem);
    }

    [Fact]
    public void Questions_belong_to_their_lessons()
    {
        int[] Numbers(string lesson) => Quiz.ForLesson(lesson).Select(q => q.Number).ToArray();

        Assert.Equal([1, 4, 5, 6], Numbers("06-vanishing-and-exploding-gradients"));
        Assert.Equal([4, 5], Numbers("01-variance-explosion"));
        Assert.Equal([2, 3], Numbers("02-xavier-and-he"));
        Assert.Equal([7, 8, 9, 10, 11, 12, 13], Numbers("07-overfitting-and-regularization"));
        Assert.Equal([13], Numbers("03-dropout-scaling"));
        Assert.Equal([14], Numbers("05-batch-norm"));
        Assert.Equal([15], Numbers("09-distribution-shift-and-augmentation"));
        Assert.Empty(Numbers("04-overfit-a-batch"));
        Assert.Contains("MNIST", Quiz.Question(9).Text);
        Assert.Contains("MNIST", Quiz.Question(10).Text);
    }

    [Fact]
    public void A_question_displays_its_options_with_letters()
    {
        var html = Quiz.Question(14).ToHtml();
        Assert.Contains("<b>Question 14</b>", html);
        Assert.Contains("<b>C.</b> The scale γ", html);
        Assert.Contains("<b>E.</b>", html);
        Assert.Contains("Quiz.Answer(14,", html);
        Assert.Contains("A. At a local minimum", Quiz.Question(1).ToString());
    }

    [Fact]
    public void Asking_for_a_question_that_does_not_exist_names_the_range()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Quiz.Question(16));
        Assert.Contains("1 to 15", e.Message);
    }

    [Fact]
    public void Explanations_correct_the_imprecise_points_of_the_source()
    {
        Assert.Contains("30 points for A, 26 for B", Quiz.Question(12).Explanation);
        Assert.Contains("early layers", Quiz.Question(4).Explanation);
        Assert.Contains("30-point gap", Quiz.Question(10).Explanation);
    }
}
