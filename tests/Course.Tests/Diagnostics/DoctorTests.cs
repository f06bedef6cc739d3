using Course.Data;
using Course.Diagnostics;
using Course.Experiments;
using Course.Models;
using Course.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Diagnostics;

public class DoctorTests
{
    private static Func<IEnumerable<TorchSharp.Modules.Parameter>, optim.Optimizer> Adam(double lr = 3e-4) => p => optim.Adam(p, lr);

    private static Dataset Moons(long seed = 1) => Synthetic.Moons(200, 0.15, seed);

    [Fact]
    public void The_codes_the_issue_names_exist_spelled_exactly()
    {
        string[] required = ["exploding-gradients", "vanishing-gradients", "saturated-activations", "dead-units", "non-finite",
            "learning-rate-too-high", "learning-rate-too-low", "loss-not-at-chance", "cannot-overfit-batch", "data-not-used",
            "labels-misaligned", "inputs-not-normalized", "frozen-parameters", "wrong-mode", "double-softmax", "class-imbalance",
            "overfitting", "underfitting", "symmetric-init"];
        foreach (var code in required)
        {
            Assert.Equal(code, Codes.Of(code).Code);
            Assert.NotEmpty(Codes.Of(code).Mitigations);
        }
        Assert.Equal(Codes.All.Count, Codes.All.Select(a => a.Code).Distinct().Count());
        Assert.Contains("labels-misaligned", Assert.Throws<ArgumentException>(() => Codes.Of("no-such-code")).Message);
    }

    [Fact]
    public void Findings_are_ordered_by_severity_then_causes_before_symptoms()
    {
        var diagnosis = new Diagnosis([
            new Finding(Codes.Underfitting, Severity.Warning, "p", "1"),
            new Finding(Codes.LearningRateTooLow, Severity.Error, "p", "2"),
            new Finding(Codes.InputsNotNormalized, Severity.Error, "p", "3"),
            new Finding(Codes.ActivationScale, Severity.Info, "p", "4")], [], "test");
        Assert.Equal([Codes.InputsNotNormalized, Codes.LearningRateTooLow, Codes.Underfitting, Codes.ActivationScale], diagnosis.Findings.Select(f => f.Code));
        Assert.Equal(Codes.InputsNotNormalized, diagnosis.Top!.Code);
        Assert.False(diagnosis.Healthy);
        Assert.True(new Diagnosis([new Finding(Codes.StillLearning, Severity.Info, "p", "1")], [], "test").Healthy);
        Assert.Equal(4, diagnosis.ToDataFrame().Rows.Count);
        var html = diagnosis.ToHtml();
        Assert.Contains("<code>inputs-not-normalized</code>", html);
        Assert.Contains(Codes.Of(Codes.InputsNotNormalized).Mitigations[0], html);
    }

    [Fact]
    public void A_healthy_setup_on_moons_gets_nothing_above_info_and_the_checks_it_ran()
    {
        using var data = Moons();
        var (train, validation) = Splits.TrainValidation(data, 0.25, seed: 1);
        var diagnosis = Doctor.Examine(() => Mlp.Build([2, 32, 2]), train, validation, nn.CrossEntropyLoss(), Adam(1e-2), steps: 200, expectedAccuracy: 0.95);
        Assert.True(diagnosis.Healthy, diagnosis.ToString());
        Assert.Contains(diagnosis.Checks, c => c.Name == "labels follow inputs" && c.Passed);
        Assert.Contains(diagnosis.Checks, c => c.Name == "overfit one batch" && c.Passed);
        Assert.Contains("200 steps in batches of 64 on 300 examples, validated on 100", diagnosis.Summary);
        train.Dispose();
        validation.Dispose();
    }

    [Fact]
    public void A_finished_run_is_examined_from_its_history_and_monitor_without_training_again()
    {
        using var digits = Tests.Experiments.Digits.All.Take(100);
        var monitor = new TrainingMonitor(every: 5);
        var exploding = FailureCases.Explodes.Broken.Train(digits, 100, 1, out var model, monitor);
        model.Dispose();
        var diagnosis = Doctor.Examine(exploding, monitor);
        Assert.Equal(Codes.LearningRateTooHigh, diagnosis.Top?.Code);
        Assert.StartsWith("a finished run of", diagnosis.Summary);

        var healthyMonitor = new TrainingMonitor(every: 5);
        var healthy = FailureCases.Healthy.Train(digits, 100, 1, out var healthyModel, healthyMonitor);
        healthyModel.Dispose();
        Assert.True(Doctor.Examine(healthy, healthyMonitor).Healthy, Doctor.Examine(healthy, healthyMonitor).ToString());
    }

    [Fact]
    public void A_model_that_is_not_one_tensor_in_one_tensor_out_is_refused_by_name()
    {
        using var data = Moons();
        var error = Assert.Throws<ArgumentException>(() =>
            Doctor.Examine(() => nn.Bilinear(2, 2, 2), data, null, nn.CrossEntropyLoss(), Adam()));
        Assert.Contains("Module<Tensor, Tensor>", error.Message);
        Assert.Contains("Bilinear", error.Message);
    }

    [Fact]
    public void A_model_with_the_wrong_number_of_outputs_is_refused_with_both_shapes()
    {
        using var data = Moons();
        var error = Assert.Throws<ArgumentException>(() => Doctor.Examine(() => Mlp.Build([2, 8, 3]), data, null, nn.CrossEntropyLoss(), Adam()));
        Assert.Contains("[batch, 2]", error.Message);
        Assert.Contains("[2, 3]", error.Message);
    }

    [Fact]
    public void Validation_data_unlike_the_training_data_and_a_budget_too_small_are_refused()
    {
        using var data = Moons();
        using var blobs = Synthetic.Blobs(10, 3, 0.5, 1);
        Assert.Contains("2 classes", Assert.Throws<ArgumentException>(() =>
            Doctor.Examine(() => Mlp.Build([2, 8, 2]), data, blobs, nn.CrossEntropyLoss(), Adam())).Message);
        Assert.Contains("8 steps", Assert.Throws<ArgumentOutOfRangeException>(() =>
            Doctor.Examine(() => Mlp.Build([2, 8, 2]), data, null, nn.CrossEntropyLoss(), Adam(), steps: 3)).Message);
    }

    [Fact]
    public void Data_the_doctor_cannot_take_fails_where_the_dataset_is_made_naming_expected_and_actual()
    {
        // The doctor takes Datasets, which refuse bad data when they are made: the learner sees the error at the source.
        using var scope = NewDisposeScope();
        Assert.Contains("3 labels came", Assert.Throws<ArgumentException>(() => new Dataset(zeros(4, 2), zeros(3, dtype: int64), 2)).Message);
        Assert.Contains("[0, 1]", Assert.Throws<ArgumentException>(() => new Dataset(zeros(2, 2), tensor(new long[] { 0, 5 }), 2)).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => new Dataset(tensor(new float[] { 0, float.NaN, 1, 1 }).reshape(2, 2), zeros(2, dtype: int64), 2)).Message);
        Assert.Contains("at least one example", Assert.Throws<ArgumentException>(() => new Dataset(zeros(0, 2), zeros(0, dtype: int64), 2)).Message);
    }
}
