// Trainer container images (CPU and CUDA). Filled in by the containers issue.
