"""The import wizard, merges, LEI updates and change sets: one module per journey."""
