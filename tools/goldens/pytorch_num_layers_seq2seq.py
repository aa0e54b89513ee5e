"""Fixtures for @InitialState on a @Bidirectional numLayers layer: PyTorch's encoder-decoder where the
decoder starts every layer and direction from the encoder's h_n (c_n), decoder(y, encoder(x)[1]).

Real PyTorch modules in eval mode: nn.GRU / nn.LSTM(num_layers=2, bidirectional=True) encoder and
decoder, a Linear head on the decoder's output sequence. Writes
examples/src/test/resources/fixtures/torch/<case>.safetensors (the state_dict) and <case>.json:
"source" (B, Ts, F), "target" (B, Tt, F'), "expected" (B, Tt, 2). Self-check: the decoder run
from zero states must differ (so the states matter). The Java twins are in
examples/src/test/java/dev/rnnc/cells/NumLayersDirectionsModels.java.

Run from the repository root:  /work/main/.venv/bin/python tools/goldens/pytorch_num_layers_seq2seq.py
"""
import json
import pathlib

import torch
from safetensors.torch import save_file

OUT = pathlib.Path("examples/src/test/resources/fixtures/torch")


class Seq2Seq(torch.nn.Module):
    def __init__(self, kind, source_features, target_features, hidden):
        super().__init__()
        self.encoder = kind(source_features, hidden, num_layers=2, bidirectional=True,
                            batch_first=True)
        self.decoder = kind(target_features, hidden, num_layers=2, bidirectional=True,
                            batch_first=True)
        self.head = torch.nn.Linear(2 * hidden, 2)

    def forward(self, source, target, from_encoder=True):
        _, states = self.encoder(source)
        y, _ = self.decoder(target, states if from_encoder else None)
        return self.head(y)


def randomized(module):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn_like(p) * 0.4)
    return module.eval()


def write(case, module, source, target):
    with torch.no_grad():
        expected = module(source, target)
        from_zeros = module(source, target, from_encoder=False)
    assert (expected - from_zeros).abs().max().item() > 1e-2, "the encoder's states must matter"
    OUT.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in module.state_dict().items()},
              OUT / f"{case}.safetensors")
    (OUT / f"{case}.json").write_text(json.dumps({
        "case": case, "torch_version": torch.__version__, "source": source.tolist(),
        "target": target.tolist(), "expected": expected.tolist()}))
    print(case, tuple(source.shape), tuple(target.shape), "->", tuple(expected.shape))


def main():
    torch.manual_seed(2027)
    write("gru_num_layers_bidirectional_seq2seq", randomized(Seq2Seq(torch.nn.GRU, 3, 2, 4)),
          torch.randn(3, 6, 3), torch.randn(3, 5, 2))
    write("lstm_num_layers_bidirectional_seq2seq", randomized(Seq2Seq(torch.nn.LSTM, 3, 2, 4)),
          torch.randn(3, 6, 3), torch.randn(3, 5, 2))


if __name__ == "__main__":
    main()
