using System.Text;
using Course.Display;
using Microsoft.Data.Analysis;

namespace Course.Quiz;

/// <summary>
/// A learner's answers to the whole quiz, as lesson 10 collects them: <c>sheet.Answer(7, "A, E")</c> checks and explains
/// like <see cref="Quiz.Answer"/> and keeps the answer; <c>sheet.Score()</c> counts them. Answering a question again
/// replaces the earlier answer, and an empty answer takes it back.
/// </summary>
public sealed class QuizSheet
{
    private readonly SortedDictionary<int, QuizFeedback> _answers = [];

    public QuizFeedback Answer(int number, string answer)
    {
        var feedback = Quiz.Answer(number, answer);
        if (feedback.Answered)
            _answers[number] = feedback;
        else
            _answers.Remove(number);
        return feedback;
    }

    public QuizScore Score() => new([.. Quiz.Questions.Select(q => (q, _answers.GetValueOrDefault(q.Number)))]);
}

/// <summary>How many questions were answered and how many rightly, question by question, with the lesson that teaches each.
/// It never shows a correct answer: the feedback of each answer cell does, once the learner has answered.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed class QuizScore(IReadOnlyList<(QuizQuestion Question, QuizFeedback? Feedback)> rows) : IHtmlDisplay
{
    public int Total => rows.Count;
    public int Answered => rows.Count(r => r.Feedback is not null);
    public int Correct => rows.Count(r => r.Feedback?.Correct == true);

    /// <summary>The questions not answered yet or answered wrongly: the ones to go back to.</summary>
    public IReadOnlyList<int> ToRevisit => [.. rows.Where(r => r.Feedback?.Correct != true).Select(r => r.Question.Number)];

    private static string Verdict(QuizFeedback? f) => f is null ? "not answered" : f.Correct ? "✓ correct" : "✗ not quite";

    /// <summary>One row per question: number, the lesson that teaches it, your answer, the verdict.</summary>
    public DataFrame ToDataFrame() => new(
        new Int32DataFrameColumn("question", rows.Select(r => r.Question.Number)),
        new StringDataFrameColumn("taught in", rows.Select(r => r.Question.Lessons[0])),
        new StringDataFrameColumn("your answer", rows.Select(r => r.Feedback?.Given ?? "")),
        new StringDataFrameColumn("verdict", rows.Select(r => Verdict(r.Feedback))));

    public string ToHtml()
    {
        var html = new StringBuilder("<div class=\"course-quiz-score\" style=\"font-family:sans-serif\">")
            .Append($"<div style=\"font-size:1.2em\"><b>{Correct} of {Total}</b> correct ({Answered} answered)</div>")
            .Append("<table><thead><tr><th>question</th><th>taught in</th><th>your answer</th><th>verdict</th></tr></thead><tbody>");
        foreach (var (q, f) in rows)
            html.Append($"<tr><td>{q.Number}</td><td>{Html.Escape(q.Lessons[0])}</td><td><code>{Html.Escape(f?.Given ?? "")}</code></td><td>{Verdict(f)}</td></tr>");
        return html.Append("</tbody></table></div>").ToString();
    }

    public override string ToString() =>
        $"{Correct} of {Total} correct ({Answered} answered)" + (ToRevisit.Count == 0 ? "" : $"; go back to {string.Join(", ", ToRevisit)}");
}
