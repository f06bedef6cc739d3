namespace Course.Display;

/// <summary>
/// Checks a learner's answer in a "Your turn" cell. A wrong or missing answer never throws: it is
/// shown as "Not yet" with a hint, and <see cref="Feedback.Passed"/> says which it was.
/// The expected value is not revealed by a wrong answer.
/// </summary>
public static class Exercise
{
    /// <summary><c>Exercise.Check("std of 256 unit-variance terms summed", answer, 16, tolerance: 0.01, hint: "variances add")</c></summary>
    public static Feedback Check(string task, double? answer, double expected, double tolerance, string? hint = null)
    {
        if (!(tolerance >= 0)) throw new ArgumentException($"Exercise \"{task}\": tolerance must be zero or positive, got {Html.Number(tolerance)}.");
        if (answer is not { } value) return Feedback.NotYet(task, "no answer yet", hint);
        return Math.Abs(value - expected) <= tolerance
            ? Feedback.Correct(task, $"{Html.Number(value)} is within ±{Html.Number(tolerance)} of the expected value")
            : Feedback.NotYet(task, $"your answer {Html.Number(value)} is not right yet", hint);
    }

    /// <summary><c>Exercise.Check("a scale that survives 100 layers", scale, s => Survives(s), hint: "try 1/sqrt(n)")</c></summary>
    public static Feedback Check<T>(string task, T answer, Func<T, bool> isRight, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(isRight);
        var shown = answer is null ? "" : answer is Delegate ? "(your function)" : Html.Value(answer); // a delegate's type name tells the learner nothing
        return Judge(task, answer is not null, () => isRight(answer) ? null : $"your answer {shown} is not right yet",
            $"checking your answer {shown} failed", $"{shown} passes the check", hint);
    }

    /// <summary>
    /// Checks a function the learner wrote against the library's own: <paramref name="mismatch"/> runs it on test cases and
    /// returns null when it agrees, or what differed. A function that throws is "Not yet" with its error, never a crash.
    /// </summary>
    public static Feedback CheckFunction<T>(string task, T? yours, Func<T, string?> mismatch, string correct, string? hint = null) where T : Delegate
    {
        ArgumentNullException.ThrowIfNull(mismatch);
        return Judge(task, yours is not null, () => mismatch(yours!), "your function failed", correct, hint);
    }

    /// <summary>
    /// Both checks' verdicts: no answer yet; the learner's answer crashed the check (that is feedback too, not a notebook
    /// failure); what is wrong (<paramref name="problem"/> says, or null when it is right).
    /// </summary>
    private static Feedback Judge(string task, bool answered, Func<string?> problem, string failed, string correct, string? hint)
    {
        if (!answered) return Feedback.NotYet(task, "no answer yet", hint);
        string? wrong;
        try
        {
            wrong = problem();
        }
        catch (Exception e)
        {
            return Feedback.NotYet(task, $"{failed}: {e.Message}", hint);
        }
        return wrong is null ? Feedback.Correct(task, correct) : Feedback.NotYet(task, wrong, hint);
    }
}

/// <summary>The verdict on an exercise: "✓ Correct" in green or "✗ Not yet" in orange with a hint.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed class Feedback : IHtmlDisplay
{
    public string Task { get; }
    public bool Passed { get; }
    public string Message { get; }
    public string? Hint { get; }

    private Feedback(string task, bool passed, string message, string? hint)
    {
        if (string.IsNullOrWhiteSpace(task)) throw new ArgumentException("An exercise needs a name that says what is asked.", nameof(task));
        (Task, Passed, Message, Hint) = (task, passed, message, hint);
    }

    internal static Feedback Correct(string task, string message) => new(task, true, message, null);
    internal static Feedback NotYet(string task, string message, string? hint) => new(task, false, message, hint);

    private string Verdict => Passed ? "✓ Correct" : "✗ Not yet";

    public string ToHtml()
    {
        var color = Passed ? "#1a7f37" : "#bc4c00";
        var hint = Hint is null ? "" : $"<div style=\"margin-top:4px\"><i>Hint:</i> {Html.Escape(Hint)}</div>";
        return $"<div class=\"course-feedback\" style=\"border-left:4px solid {color};padding:4px 10px\">" +
               $"<b style=\"color:{color}\">{Verdict}</b> · {Html.Escape(Task)}: {Html.Escape(Message)}.{hint}</div>";
    }

    public override string ToString() =>
        $"{Verdict} · {Task}: {Message}." + (Hint is null ? "" : $" Hint: {Hint}");
}
