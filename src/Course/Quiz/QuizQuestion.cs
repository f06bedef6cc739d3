using System.Text;
using Course.Display;

namespace Course.Quiz;

/// <summary>
/// One quiz question: its options labelled A, B, C, ..., the letters of the correct options, an
/// explanation, and the lessons it belongs to. Displayed, it shows the question and its options.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed class QuizQuestion : IHtmlDisplay
{
    public int Number { get; }
    public string Text { get; }
    public IReadOnlyList<string> Options { get; }

    /// <summary>The correct letters, in alphabetical order ("C", "D").</summary>
    public IReadOnlyList<char> Correct { get; }
    public string Explanation { get; }

    /// <summary>Lesson notebooks this question belongs to, e.g. "05-batch-norm".</summary>
    public IReadOnlyList<string> Lessons { get; }

    public QuizQuestion(int number, string text, string[] options, string correct, string explanation, params string[] lessons)
    {
        if (options.Length is < 2 or > 26) throw new ArgumentException($"Question {number}: {options.Length} options; a question needs 2 to 26.", nameof(options));
        (Number, Text, Options, Explanation, Lessons) = (number, text, options, explanation, lessons);
        Correct = Letters.Parse(correct, options.Length) is { Error: null } parsed && parsed.Letters.Count > 0
            ? parsed.Letters
            : throw new ArgumentException($"Question {number}: correct answer \"{correct}\" must name options among A..{Letters.Last(options.Length)}.", nameof(correct));
    }

    public static char Letter(int option) => (char)('A' + option);

    public string ToHtml()
    {
        var html = new StringBuilder("<div class=\"course-quiz\" style=\"border-left:4px solid #0969da;padding:4px 10px\">");
        html.Append($"<div><b>Question {Number}</b> <span style=\"color:#666\">({Html.Escape(string.Join(", ", Lessons))})</span></div>");
        html.Append($"<p>{Html.Escape(Text)} <i>(one or more answers)</i></p><div>");
        for (var i = 0; i < Options.Count; i++)
            html.Append($"<div><b>{Letter(i)}.</b> {Html.Escape(Options[i])}</div>");
        html.Append($"</div><p style=\"color:#666\">Answer with <code>Quiz.Answer({Number}, \"A, C\")</code>.</p></div>");
        return html.ToString();
    }

    public override string ToString()
    {
        var text = new StringBuilder($"Question {Number}: {Text} (one or more answers)");
        for (var i = 0; i < Options.Count; i++) text.Append($"\n  {Letter(i)}. {Options[i]}");
        return text.ToString();
    }
}

/// <summary>
/// The verdict on a quiz answer, with the explanation. A wrong answer is feedback, never an exception. A blank answer
/// (the cell as a lesson ships it) is "Not yet": it shows the question again and gives nothing away.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed class QuizFeedback(QuizQuestion question, string given, bool correct, string? problem) : IHtmlDisplay
{
    public QuizQuestion Question { get; } = question;

    /// <summary>The answer as the learner typed it.</summary>
    public string Given { get; } = given;
    public bool Correct { get; } = correct;

    /// <summary>Why the answer could not be read (a letter that is not an option), or null.</summary>
    public string? Problem { get; } = problem;

    /// <summary>False while the answer is blank: nothing has been graded or revealed yet.</summary>
    public bool Answered => !string.IsNullOrWhiteSpace(Given);

    private string Verdict => Correct ? "✓ Correct" : "✗ Not quite";
    private string CorrectLetters => string.Join(", ", Question.Correct);
    private string NotYet => $"Not yet · Question {Question.Number}: type your letters between the quotes and run the cell again.";

    public string ToHtml()
    {
        if (!Answered)
            return $"<div class=\"course-quiz-feedback\" style=\"border-left:4px solid #0969da;padding:4px 10px\">" +
                   $"<b>{Html.Escape(NotYet)}</b>{Question.ToHtml()}</div>";
        var color = Correct ? "#1a7f37" : "#bc4c00";
        var problem = Problem is null ? "" : $" ({Html.Escape(Problem)})";
        return $"<div class=\"course-quiz-feedback\" style=\"border-left:4px solid {color};padding:4px 10px\">" +
               $"<b style=\"color:{color}\">{Verdict}</b> · Question {Question.Number}: you answered " +
               $"<code>{Html.Escape(Given)}</code>{problem}; the answer is <b>{CorrectLetters}</b>." +
               $"<p>{Html.Escape(Question.Explanation)}</p></div>";
    }

    public override string ToString() => !Answered ? $"{NotYet}\n{Question}" :
        $"{Verdict} · Question {Question.Number}: you answered \"{Given}\"{(Problem is null ? "" : $" ({Problem})")}; " +
        $"the answer is {CorrectLetters}.\n{Question.Explanation}";
}

/// <summary>Reads answers such as "C, D", "d c", "CD" or "c;d": order, case, spaces and separators do not matter.</summary>
internal static class Letters
{
    public static char Last(int optionCount) => QuizQuestion.Letter(optionCount - 1);

    public static (IReadOnlyList<char> Letters, string? Error) Parse(string? answer, int optionCount)
    {
        var letters = new SortedSet<char>();
        foreach (var ch in answer ?? "")
        {
            if (char.IsWhiteSpace(ch) || ch is ',' or ';' or '/' or '+' or '&' or '.') continue;
            var upper = char.ToUpperInvariant(ch);
            if (upper < 'A' || upper > Last(optionCount))
                return ([], $"\"{ch}\" is not one of the options A..{Last(optionCount)}");
            letters.Add(upper);
        }
        return letters.Count == 0 ? ([], "no option given") : (letters.ToArray(), null);
    }
}
