@echo off
chcp 65001 >nul
rem 双击本文件启动网页版：在浏览器里检查工作簿、预览并下载公开说明。关闭这个窗口即停止。
rem 财政局汇总各部门时，可在下面 serve 后面加上 --folder 文件夹，如 --folder D:\预算公开\2022
title 部门预算信息公开说明（网页）
cd /d "%~dp0"
where py >nul 2>nul
if errorlevel 1 (
  echo 没有找到 Python：请先从 https://www.python.org/downloads/ 下载安装 Python 3，
  echo 安装时勾选“Add python.exe to PATH”，装好后再双击本文件。
  pause
  exit /b 1
)
py -c "import flask, waitress, docxtpl, openpyxl, cerberus, click, lxml" >nul 2>nul
if errorlevel 1 (
  echo 第一次使用：正在安装需要的程序包（需要联网，约一两分钟）……
  py -m pip install .
  if errorlevel 1 (
    echo 安装没有成功：请把上面的信息发给维护人员。
    pause
    exit /b 1
  )
)
echo 正在启动网页，浏览器会自动打开；如果没有打开，请在浏览器地址栏输入 http://127.0.0.1:8000
py -m pipeline.cli serve %*
pause
