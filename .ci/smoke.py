"""Logs in as the demo administrator in headless Chromium and checks the dashboard names the demo province."""
import sys
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

base = sys.argv[1]
options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]:
    options.add_argument(arg)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
try:
    driver.get(base + "/login")
    assert "Đăng nhập" in driver.page_source, "login page is not Vietnamese"
    driver.find_element(By.NAME, "username").send_keys("admin")
    driver.find_element(By.NAME, "password").send_keys("cchc2025")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: "Tổng quan" in d.title)
    heading = driver.find_element(By.TAG_NAME, "h1").text
    assert "Sóc Trăng" in heading, f"dashboard heading is {heading!r}"
    driver.get(base + "/units/search?q=phong+noi+vu")
    assert "Phòng Nội vụ huyện Châu Thành" in driver.page_source
    print("smoke: logged in, dashboard shows", heading)
finally:
    driver.quit()
