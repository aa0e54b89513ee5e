"""Trains the weather forecaster in PyTorch 2.13 (CPU) for the interop example: the same windows,
split and standardisation as the Java examples (keras_weather.py's `read`/`windows`), an
nn.LSTM(4, 32, batch_first=True) whose last output an nn.Linear(32, 1) maps to tomorrow's maximum,
Adam 1e-3, MSE, batch 32, 40 epochs, seed 0. Writes, for the Java side to load and check:

    examples/src/main/resources/models/weather-lstm-torch.safetensors   the state_dict
    examples/src/main/resources/models/weather-lstm-torch.json          30 test windows and
                                                                       PyTorch's forecasts for them

    .venv/bin/python tools/examples/torch_weather.py
"""

import json
import pathlib
import sys

import numpy as np
import torch
from safetensors.torch import save_file

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from keras_weather import ROOT, read, windows  # noqa: E402  (the shared data preparation)

OUT = ROOT / "examples/src/main/resources/models"


class Forecaster(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(4, 32, batch_first=True)
        self.head = torch.nn.Linear(32, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1, :])


def main():
    torch.manual_seed(0)
    torch.set_num_threads(2)
    dates, raw = read()
    train_x, train_y, test_x, test_y, std = windows(dates, raw)
    model = Forecaster()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x, y = torch.from_numpy(train_x), torch.from_numpy(train_y)
    generator = torch.Generator().manual_seed(0)
    for epoch in range(40):
        order = torch.randperm(len(x), generator=generator)
        total = 0.0
        for i in range(0, len(x), 32):
            batch = order[i: i + 32]
            optimizer.zero_grad()
            loss = torch.nn.functional.mse_loss(model(x[batch]), y[batch])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        if epoch % 10 == 9:
            print(f"epoch {epoch + 1}: training loss {total / len(x):.4f}")
    model.eval()
    with torch.no_grad():
        forecasts = model(torch.from_numpy(test_x)).numpy()
    mae = float(np.abs(forecasts[:, 0] - test_y[:, 0]).mean() * std)
    print(f"test MAE {mae:.2f} C")
    OUT.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in model.state_dict().items()},
              str(OUT / "weather-lstm-torch.safetensors"))
    check = {
        "source": "tools/examples/torch_weather.py, PyTorch " + torch.__version__,
        "test_mae_celsius": round(mae, 4),
        "windows": test_x[:30].tolist(),
        "forecasts": forecasts[:30, 0].tolist(),
    }
    (OUT / "weather-lstm-torch.json").write_text(json.dumps(check) + "\n")


if __name__ == "__main__":
    main()
