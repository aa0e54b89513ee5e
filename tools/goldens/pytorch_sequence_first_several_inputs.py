"""Fixtures for rnnc calls of models with several inputs in PyTorch's layouts: sequence-first
inputs (batch_first=False, (T, B, F) each, @SequenceFirst), alone and with packed lengths
(@Packed), and initial states in PyTorch's (num_layers * num_directions, B, H) layout.

Cases, each an nn.Module in eval mode whose submodules are named like the Java twin's layers
(examples/src/test/java/dev/rnnc/interop/SequenceFirstSeveralInputsModels.java):

seq_first_two_encoders: `left` = nn.LSTM(3, 4, num_layers=2) on a (7, B, 3) and `right` =
nn.GRU(2, 5, bidirectional=True) on b (6, B, 2), both batch_first=False; h_n[-1] of left and both
directions of right's h_n concatenated into `head` = nn.Linear(14, 3). Writes "a_sequence_first",
"b_sequence_first" and their batch-first transposes "a", "b" (the same values); "expected" (B, 3)
from zero states; "h_0", "c_0" (2, B, 4) random initial states of left with "expected_from_h0";
"a_lengths", "b_lengths" and "expected_packed" (each input packed by its own lengths,
pack_padded_sequence(..., batch_first=False, enforce_sorted=False)).

seq_first_seq2seq: `encoder` = nn.GRU(2, 4) on source (5, B, 2); its h_n starts `decoder` =
nn.GRU(3, 4) on target (4, B, 3); the decoder's output sequence, sequence-first (4, B, 4), is the
result. Writes "source", "target" (sequence-first), "expected" (4, B, 4); "source_lengths",
"target_lengths" and "expected_packed" (both packed; the output zero past each row's target
length).

Self-check: every row is recomputed alone on its real steps and must agree to 1e-6.

Run from the repository root:
    /work/main/.venv/bin/python tools/goldens/pytorch_sequence_first_several_inputs.py
"""
import json
import pathlib
import sys

import torch
from safetensors.torch import save_file
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from pytorch_packed import OUT, randomized  # noqa: E402

BATCH = 4


def pack(x, lengths):
    return x if lengths is None else pack_padded_sequence(x, lengths, enforce_sorted=False)


class TwoEncoders(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.left = torch.nn.LSTM(3, 4, num_layers=2)
        self.right = torch.nn.GRU(2, 5, bidirectional=True)
        self.head = torch.nn.Linear(4 + 10, 3)

    def forward(self, a, b, a_lengths=None, b_lengths=None, left_state=None):
        _, (left_h, _) = self.left(pack(a, a_lengths), left_state)
        _, right_h = self.right(pack(b, b_lengths))
        return self.head(torch.cat([left_h[-1], right_h[0], right_h[1]], dim=1))


class Seq2Seq(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.GRU(2, 4)
        self.decoder = torch.nn.GRU(3, 4)

    def forward(self, source, target, source_lengths=None, target_lengths=None):
        _, h_n = self.encoder(pack(source, source_lengths))
        y, _ = self.decoder(pack(target, target_lengths), h_n)
        if target_lengths is not None:
            y, _ = pad_packed_sequence(y, total_length=target.shape[0])
        return y


def save(case, module, record):
    record = {"case": case, "torch_version": torch.__version__, **record}
    save_file({k: v.contiguous() for k, v in module.state_dict().items()},
              OUT / f"{case}.safetensors")
    (OUT / f"{case}.json").write_text(json.dumps(record))
    print(case, sorted(module.state_dict()))


def two_encoders():
    module = randomized(TwoEncoders())
    a, b = torch.randn(7, BATCH, 3), torch.randn(6, BATCH, 2)
    a_lengths, b_lengths = torch.tensor([7, 2, 1, 5]), torch.tensor([3, 6, 1, 4])
    h_0, c_0 = torch.randn(2, BATCH, 4) * 0.5, torch.randn(2, BATCH, 4) * 0.5
    with torch.no_grad():
        expected = module(a, b)
        from_h0 = module(a, b, left_state=(h_0, c_0))
        packed = module(a, b, a_lengths, b_lengths)
        for r in range(BATCH):  # each row alone
            la, lb = int(a_lengths[r]), int(b_lengths[r])
            state = (h_0[:, r:r + 1].contiguous(), c_0[:, r:r + 1].contiguous())
            assert (module(a[:, r:r + 1], b[:, r:r + 1])[0] - expected[r]).abs().max() < 1e-6
            assert (module(a[:, r:r + 1], b[:, r:r + 1], left_state=state)[0]
                    - from_h0[r]).abs().max() < 1e-6
            assert (module(a[:la, r:r + 1], b[:lb, r:r + 1])[0] - packed[r]).abs().max() < 1e-6
    save("seq_first_two_encoders", module, {
        "a_sequence_first": a.tolist(), "b_sequence_first": b.tolist(),
        "a": a.transpose(0, 1).tolist(), "b": b.transpose(0, 1).tolist(),
        "expected": expected.tolist(), "h_0": h_0.tolist(), "c_0": c_0.tolist(),
        "expected_from_h0": from_h0.tolist(), "a_lengths": a_lengths.tolist(),
        "b_lengths": b_lengths.tolist(), "expected_packed": packed.tolist()})


def seq2seq():
    module = randomized(Seq2Seq())
    source, target = torch.randn(5, BATCH, 2), torch.randn(4, BATCH, 3)
    source_lengths, target_lengths = torch.tensor([5, 2, 1, 3]), torch.tensor([1, 4, 2, 3])
    with torch.no_grad():
        expected = module(source, target)
        packed = module(source, target, source_lengths, target_lengths)
        for r in range(BATCH):  # each row alone
            ls, lt = int(source_lengths[r]), int(target_lengths[r])
            whole = module(source[:, r:r + 1], target[:, r:r + 1])
            assert (whole[:, 0] - expected[:, r]).abs().max() < 1e-6
            alone = module(source[:ls, r:r + 1], target[:lt, r:r + 1])
            assert (alone[:, 0] - packed[:lt, r]).abs().max() < 1e-6
            assert packed[lt:, r].abs().max() == 0 if lt < 4 else True
    save("seq_first_seq2seq", module, {
        "source": source.tolist(), "target": target.tolist(), "expected": expected.tolist(),
        "source_lengths": source_lengths.tolist(), "target_lengths": target_lengths.tolist(),
        "expected_packed": packed.tolist()})


if __name__ == "__main__":
    torch.manual_seed(1516)
    two_encoders()
    seq2seq()
