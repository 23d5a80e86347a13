"""The tutorial's PyTorch code (../shared/seed), timed: same CNN, Adam(1e-3), batch 64, shuffled,
cross entropy, per-batch `loss.item()` as the tutorial prints it. Reads the IDX files from
static/data (no torchvision download: the device machine is offline)."""
import gzip, sys, time
import numpy as np
import torch
from torch import nn

def idx(path):
    data = gzip.open(path).read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], 'big') for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)

d = 'static/data/'
xtr = torch.tensor(idx(d + 'train-images-idx3-ubyte.gz'), dtype=torch.float32).unsqueeze(1) / 255
ytr = torch.tensor(idx(d + 'train-labels-idx1-ubyte.gz'), dtype=torch.long)
xte = torch.tensor(idx(d + 't10k-images-idx3-ubyte.gz'), dtype=torch.float32).unsqueeze(1) / 255
yte = torch.tensor(idx(d + 't10k-labels-idx1-ubyte.gz'), dtype=torch.long)
device = 'cuda' if torch.cuda.is_available() else 'cpu'
print('torch', torch.__version__, 'device', device, torch.cuda.get_device_name(0) if device == 'cuda' else '')

class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Sequential(nn.Conv2d(1, 16, 5, 1, 2), nn.ReLU(), nn.MaxPool2d(2))
        self.conv2 = nn.Sequential(nn.Conv2d(16, 32, 5, 1, 2), nn.ReLU(), nn.Conv2d(32, 32, 5, 1, 2), nn.ReLU(), nn.MaxPool2d(2))
        self.conv3 = nn.Sequential(nn.Conv2d(32, 64, 5, 1, 2), nn.ReLU())
        self.out = nn.Linear(64 * 7 * 7, 10)
    def forward(self, x):
        x = self.conv3(self.conv2(self.conv1(x)))
        return self.out(x.view(x.size(0), -1))

torch.manual_seed(0)
model = CNN().to(device)
loss_fn = nn.CrossEntropyLoss()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
xtr, ytr, xte, yte = xtr.to(device), ytr.to(device), xte.to(device), yte.to(device)
epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 2
for epoch in range(epochs):
    t = time.time()
    model.train()
    perm = torch.randperm(len(ytr), device=device)
    for i in range(0, len(ytr), 64):
        idx_ = perm[i:i + 64]
        loss = loss_fn(model(xtr[idx_]), ytr[idx_])
        opt.zero_grad(); loss.backward(); opt.step()
        loss.item()  # the tutorial prints every batch loss: one sync per batch
    train_s = time.time() - t
    model.eval()
    with torch.no_grad():
        correct = sum((model(xte[i:i + 64]).argmax(1) == yte[i:i + 64]).sum().item() for i in range(0, len(yte), 64))
    print(f'EPOCH {epoch + 1}: {train_s:.2f} s training ({len(ytr) / train_s:.0f} images/s), {time.time() - t:.2f} s with test; accuracy {correct / 100:.2f}%', flush=True)
