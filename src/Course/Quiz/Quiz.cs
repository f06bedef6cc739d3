namespace Course.Quiz;

/// <summary>
/// The course's fifteen quiz questions. In a lesson: <c>Quiz.Question(14)</c> shows a question,
/// <c>Quiz.Answer(14, "C, D")</c> checks an answer and explains it; a wrong answer is marked,
/// never thrown. <c>Quiz.ForLesson("05-batch-norm")</c> lists a lesson's questions.
/// </summary>
public static class Quiz
{
    public const string VarianceExplosion = "01-variance-explosion";
    public const string XavierAndHe = "02-xavier-and-he";
    public const string DropoutScaling = "03-dropout-scaling";
    public const string OverfitABatch = "04-overfit-a-batch";
    public const string BatchNorm = "05-batch-norm";
    public const string Gradients = "06-vanishing-and-exploding-gradients";
    public const string OverfittingAndRegularization = "07-overfitting-and-regularization";
    public const string Playbook = "08-troubleshooting-playbook";
    public const string DistributionShift = "09-distribution-shift-and-augmentation";

    public static IReadOnlyList<QuizQuestion> Questions { get; } = QuizBank.All;

    /// <summary>Question 1 to 15, shown with its options.</summary>
    public static QuizQuestion Question(int number) =>
        number >= 1 && number <= Questions.Count
            ? Questions[number - 1]
            : throw new ArgumentOutOfRangeException(nameof(number), number, $"The quiz has questions 1 to {Questions.Count}.");

    /// <summary>
    /// Checks an answer like "C, D" (any order, case or spacing) and explains the right one. An empty answer, as the
    /// lessons' answer cells start, says "Not yet" and shows the question again, without giving the answer away.
    /// </summary>
    public static QuizFeedback Answer(int number, string answer)
    {
        var question = Question(number);
        if (string.IsNullOrWhiteSpace(answer))
            return QuizFeedback.Unanswered(question);
        var (letters, problem) = Letters.Parse(answer, question.Options.Count);
        var correct = problem is null && letters.SequenceEqual(question.Correct);
        return new QuizFeedback(question, answer ?? "", correct, problem);
    }

    /// <summary>The questions that belong to a lesson, e.g. <c>Quiz.ForLesson(Quiz.BatchNorm)</c>.</summary>
    public static IReadOnlyList<QuizQuestion> ForLesson(string lesson) =>
        Questions.Where(q => q.Lessons.Contains(lesson)).ToArray();
}
